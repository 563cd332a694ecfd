/**
 * Model preferences edited on "two devices" at once: two supabase-js clients signed in as the same
 * user, each with its own preferences store and sync engine (the app's own code), saving through
 * the real RPCs. What the user would notice: no change is ever lost, and when both devices changed
 * the same model, the latest intent wins and that device is told.
 */
import type { SupabaseClient } from '@supabase/supabase-js';
import type { StateStorage } from 'zustand/middleware';
import { beforeAll, describe, expect, it } from 'vitest';
import { createModelPreferencesApi } from '@/features/models/api/model-preferences';
import { createPreferencesStore, selectIsEnabled } from '@/features/models/stores/preferences-store';
import { createPreferencesSync } from '@/features/models/stores/preferences-sync';
import type { Database } from '@/lib/database.types';
import { anonKey, createClientAs, createTestUser, type TestUser } from '../support/stack.ts';

const MODELS = Array.from({ length: 12 }, (_, i) => `model-${String(i).padStart(2, '0')}`);

function memoryStorage(): StateStorage {
  const data = new Map<string, string>();
  return { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
}

/** A second device: its own sign-in (own session and refresh token), store and sync engine. */
async function device(user: TestUser) {
  const client = createClientAs(anonKey) as SupabaseClient<Database>;
  const signedIn = await client.auth.signInWithPassword({ email: user.email, password: user.password });
  if (signedIn.error) throw signedIn.error;
  const store = createPreferencesStore({ storage: memoryStorage() });
  store.getState().bindOwner(user.user.id);
  const sync = createPreferencesSync({ api: createModelPreferencesApi(client), store });
  const loaded = await sync.refresh();
  if (!loaded.ok) throw loaded.error;
  return { store, sync, enabled: (connectionId: string, modelId: string) => selectIsEnabled(store.getState(), connectionId, modelId) };
}

async function serverFlags(user: TestUser): Promise<Record<string, boolean>> {
  const api = createModelPreferencesApi(user.client as SupabaseClient<Database>);
  const snapshot = await api.getModelPreferences();
  return Object.fromEntries(snapshot.models.map((m) => [m.model_id, m.enabled]));
}

let user: TestUser;
let connectionId: string;

beforeAll(async () => {
  user = await createTestUser();
  const created = await user.client.from('connections').insert({ name: 'Two devices', kind: 'ollama', base_url: 'http://127.0.0.1:9', probe_from: 'browser' }).select('id').single();
  if (created.error) throw created.error;
  connectionId = created.data.id as string;
  const synced = await user.client.rpc('sync_connection_models', { connection_id: connectionId, models: MODELS.map((model_id) => ({ model_id })) });
  if (synced.error) throw synced.error;
});

describe('preferences edited on two devices at once', () => {
  it('keeps every change when both devices save different models concurrently', async () => {
    const [laptop, phone] = await Promise.all([device(user), device(user)]);
    const change = (model_id: string) => [{ connection_id: connectionId, model_id, enabled: false }];

    // Six saves each, all started together: most of them race for the same revision.
    const outcomes = await Promise.all([
      ...MODELS.slice(0, 6).map((model) => laptop.sync.setEnabled(change(model))),
      ...MODELS.slice(6).map((model) => phone.sync.setEnabled(change(model))),
    ]);

    expect(outcomes.map((outcome) => outcome.ok)).toEqual(MODELS.map(() => true));
    // Different models: nobody's change was replaced, so nobody is told anything.
    expect(outcomes.flatMap((outcome) => (outcome.ok ? outcome.replaced : []))).toEqual([]);
    const server = await serverFlags(user);
    expect(MODELS.filter((model) => server[model] !== false)).toEqual([]);
    // Each device sees its own changes; a refresh brings the other device's.
    expect(laptop.enabled(connectionId, MODELS[0]!)).toBe(false);
    await phone.sync.refresh();
    expect(MODELS.filter((model) => phone.enabled(connectionId, model))).toEqual([]);
  });

  it('lets the latest intent win on the same model, and tells the device whose save replaced the other', async () => {
    const [laptop, phone] = await Promise.all([device(user), device(user)]);
    const target = MODELS[0]!;

    // The laptop turns it on; the phone, which has not heard of that, turns it off afterwards.
    const first = await laptop.sync.setEnabled([{ connection_id: connectionId, model_id: target, enabled: true }]);
    expect(first).toMatchObject({ ok: true, replaced: [] });
    const second = await phone.sync.setEnabled([{ connection_id: connectionId, model_id: MODELS[1]!, enabled: true }, { connection_id: connectionId, model_id: target, enabled: false }]);

    expect(second).toMatchObject({ ok: true, replaced: [{ model_id: target, enabled: false, remoteEnabled: true }] });
    const server = await serverFlags(user);
    expect(server[target]).toBe(false);
    expect(server[MODELS[1]!]).toBe(true);
    expect(phone.enabled(connectionId, target)).toBe(false);
  });
});
