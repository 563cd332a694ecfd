import { describe, expect, it } from 'vitest';
import type { StateStorage } from 'zustand/middleware';
import { FakePreferencesServer } from '../testing/fake-preferences-server';
import type { ModelPreferencesApi } from '../types/preferences';
import { createPreferencesStore, selectIsEnabled, selectIsPending } from './preferences-store';
import { createPreferencesSync, parseRevisionConflict } from './preferences-sync';

const CONN = '6f1c2a4e-8b0d-4c3e-9f21-0a5b7c9d1e23';
const flag = (model_id: string, enabled: boolean) => ({ connection_id: CONN, model_id, enabled });

function noStorage(): StateStorage {
  return { getItem: () => null, setItem: () => {}, removeItem: () => {} };
}

async function setup(api?: ModelPreferencesApi) {
  const server = new FakePreferencesServer([flag('gpt-4o', true), flag('o1', true), flag('openai/gpt-4o', true)]);
  const store = createPreferencesStore({ storage: noStorage() });
  let clock = 1_000;
  const sync = createPreferencesSync({ api: api ?? server, store, now: () => clock });
  await sync.refresh();
  const enabled = (model: string) => selectIsEnabled(store.getState(), CONN, model);
  const tick = () => (clock += 1_000);
  return { server, store, sync, enabled, tick };
}

describe('preferences sync', () => {
  it('shows a toggle at once, then saves it with the expected revision', async () => {
    const { server, store, sync, enabled, tick } = await setup();
    tick();
    const saving = sync.setEnabled([flag('gpt-4o', false)]);
    expect(enabled('gpt-4o')).toBe(false);
    expect(selectIsPending(store.getState(), CONN, 'gpt-4o')).toBe(true);

    await expect(saving).resolves.toEqual({ ok: true, revision: 1, replaced: [] });
    expect(server.saves).toEqual([{ expectedRevision: 0, changes: [flag('gpt-4o', false)] }]);
    expect(store.getState()).toMatchObject({ revision: 1, lastSyncedAt: 2_000, pending: {} });
    expect(enabled('gpt-4o')).toBe(false);
  });

  it('rolls back and returns a message for the toast when the save fails', async () => {
    const { server, store, sync, enabled } = await setup();
    server.failNextSave = new TypeError('Failed to fetch');
    const outcome = await sync.setEnabled([flag('gpt-4o', false)]);
    expect(outcome).toMatchObject({ ok: false, message: expect.stringMatching(/Couldn't save/) });
    expect(enabled('gpt-4o')).toBe(true);
    expect(store.getState().pending).toEqual({});
    expect(store.getState().revision).toBe(0);
  });

  it('rolls back a save naming a model that no longer exists', async () => {
    const { sync, enabled } = await setup();
    const outcome = await sync.setEnabled([flag('gpt-4o', false), flag('deleted-model', false)]);
    expect(outcome).toMatchObject({ ok: false, message: expect.stringMatching(/no longer exist/) });
    expect(enabled('gpt-4o')).toBe(true);
  });

  it('on a stale revision refetches, keeps the other device’s edit and re-applies ours on top', async () => {
    const { server, sync, enabled } = await setup();
    // Another device disables o1 between our read and our save.
    server.beforeSave = () => server.apply(0, [flag('o1', false)]);

    const outcome = await sync.setEnabled([flag('gpt-4o', false)]);
    expect(outcome).toEqual({ ok: true, revision: 2, replaced: [] });
    expect(server.saves.map((save) => save.expectedRevision)).toEqual([0, 1]);
    // Neither change is lost, on the server or on screen.
    expect(server.enabled(CONN, 'gpt-4o')).toBe(false);
    expect(server.enabled(CONN, 'o1')).toBe(false);
    expect(enabled('gpt-4o')).toBe(false);
    expect(enabled('o1')).toBe(false);
  });

  it('when both sides changed the same model, the latest local intent wins and the outcome says so', async () => {
    const { server, sync, enabled } = await setup();
    await sync.setEnabled([flag('gpt-4o', false)]);
    // The other device re-enables gpt-4o and disables openai/gpt-4o; we, unaware, bulk-disable both.
    server.apply(1, [flag('gpt-4o', true)]);
    server.apply(2, [flag('openai/gpt-4o', false)]);
    const outcome = await sync.setEnabled([flag('gpt-4o', false), flag('openai/gpt-4o', false)]);

    expect(outcome).toEqual({ ok: true, revision: 4, replaced: [{ ...flag('gpt-4o', false), remoteEnabled: true }] });
    expect(server.enabled(CONN, 'gpt-4o')).toBe(false);
    expect(enabled('gpt-4o')).toBe(false);
  });

  it('gives up after repeated conflicts, rolls back and says why', async () => {
    const api: ModelPreferencesApi = {
      getModelPreferences: () => Promise.resolve({ revision: 5, updated_at: null, models: [flag('gpt-4o', true)] }),
      saveModelPreferences: (expected) =>
        Promise.reject({ code: 'PT409', message: 'stale', details: JSON.stringify({ current_revision: 6, expected_revision: expected }) }),
    };
    const { sync, enabled } = await setup(api);
    const outcome = await sync.setEnabled([flag('gpt-4o', false)]);
    expect(outcome).toMatchObject({ ok: false, message: expect.stringMatching(/another device/) });
    expect(enabled('gpt-4o')).toBe(true);
  });

  it('runs saves from one tab in order, so quick toggles never conflict with each other', async () => {
    const { server, sync, enabled } = await setup();
    const results = await Promise.all([
      sync.setEnabled([flag('gpt-4o', false)]),
      sync.setEnabled([flag('o1', false)]),
      sync.setEnabled([flag('gpt-4o', true)]),
    ]);
    expect(results.every((result) => result.ok)).toBe(true);
    expect(server.saves.map((save) => save.expectedRevision)).toEqual([0, 1, 2]);
    expect(enabled('gpt-4o')).toBe(true);
    expect(server.enabled(CONN, 'gpt-4o')).toBe(true);
  });

  it('loads first when nothing was ever synced', async () => {
    const server = new FakePreferencesServer([flag('gpt-4o', true)]);
    server.apply(0, [flag('gpt-4o', false)]);
    const store = createPreferencesStore({ storage: noStorage() });
    const outcome = await createPreferencesSync({ api: server, store }).setEnabled([flag('gpt-4o', true)]);
    expect(outcome).toMatchObject({ ok: true, revision: 2 });
    expect(server.saves[0]?.expectedRevision).toBe(1);
  });

  it('refresh keeps a pending edit visible and reports failures without throwing', async () => {
    const { server, store, sync, enabled } = await setup();
    store.getState().applyOptimistic([flag('o1', false)]);
    server.apply(0, [flag('gpt-4o', false)]);
    await expect(sync.refresh()).resolves.toEqual({ ok: true });
    expect(enabled('gpt-4o')).toBe(false);
    expect(enabled('o1')).toBe(false);
    expect(store.getState().refreshing).toBe(false);

    server.getModelPreferences = () => Promise.reject(new Error('offline'));
    await expect(sync.refresh()).resolves.toMatchObject({ ok: false });
    expect(store.getState().revision).toBe(1);
  });
});

describe('parseRevisionConflict', () => {
  it('reads the PT409 details and ignores other errors', () => {
    expect(parseRevisionConflict({ code: 'PT409', details: '{"current_revision": 8, "expected_revision": 7}' })).toEqual({ currentRevision: 8, expectedRevision: 7 });
    expect(parseRevisionConflict({ code: 'PT404', details: '{}' })).toBeNull();
    expect(parseRevisionConflict(new Error('x'))).toBeNull();
    expect(parseRevisionConflict({ code: 'PT409', details: 'garbled' })).toMatchObject({ currentRevision: NaN });
  });

  it('tells the other tabs the confirmed state after every load and save, never an unconfirmed edit', async () => {
    const server = new FakePreferencesServer([flag('gpt-4o', true)]);
    const store = createPreferencesStore({ storage: noStorage() });
    store.getState().bindOwner('user-1');
    const told: unknown[] = [];
    const sync = createPreferencesSync({ api: server, store, now: () => 5, onSynced: (synced) => told.push(synced) });
    await sync.refresh();
    expect(told).toEqual([{ ownerId: 'user-1', revision: 0, enabled: { [`${CONN}/gpt-4o`]: true }, lastSyncedAt: 5 }]);

    server.failNextSave = new TypeError('Failed to fetch');
    await sync.setEnabled([flag('gpt-4o', false)]);
    expect(told).toHaveLength(1);

    await sync.setEnabled([flag('gpt-4o', false)]);
    expect(told.at(-1)).toEqual({ ownerId: 'user-1', revision: 1, enabled: { [`${CONN}/gpt-4o`]: false }, lastSyncedAt: 5 });
  });
});
