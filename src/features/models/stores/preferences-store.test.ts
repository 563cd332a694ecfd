import { describe, expect, it } from 'vitest';
import type { StateStorage } from 'zustand/middleware';
import { createPreferencesStore, PREFERENCES_STORAGE_KEY, PREFERENCES_STORAGE_VERSION, selectIsEnabled, selectIsPending } from './preferences-store';

const CONN = '6f1c2a4e-8b0d-4c3e-9f21-0a5b7c9d1e23';

function memoryStorage(initial?: string): StateStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  if (initial !== undefined) data.set(PREFERENCES_STORAGE_KEY, initial);
  return {
    data,
    getItem: (name) => data.get(name) ?? null,
    setItem: (name, value) => void data.set(name, value),
    removeItem: (name) => void data.delete(name),
  };
}

const validState = {
  ownerId: 'user-1',
  revision: 7,
  enabled: { [`${CONN}/openai/gpt-4o`]: false },
  lastSyncedAt: 1_700_000_000_000,
};

describe('preferences store persistence', () => {
  it('paints the stored server state synchronously on creation, without pending edits', () => {
    const storage = memoryStorage(JSON.stringify({ state: validState, version: PREFERENCES_STORAGE_VERSION }));
    const state = createPreferencesStore({ storage }).getState();
    expect(state.revision).toBe(7);
    expect(selectIsEnabled(state, CONN, 'openai/gpt-4o')).toBe(false);
    expect(selectIsEnabled(state, CONN, 'never-seen')).toBe(true);
    expect(state.pending).toEqual({});
  });

  it.each([
    ['unparsable JSON', '{"state": {"revision": 7,'],
    ['a different shape', JSON.stringify({ state: { revision: 'seven', enabled: [] }, version: PREFERENCES_STORAGE_VERSION })],
    ['an outdated version', JSON.stringify({ state: validState, version: PREFERENCES_STORAGE_VERSION - 1 })],
    ['a key without a model id', JSON.stringify({ state: { ...validState, enabled: { [CONN]: true } }, version: PREFERENCES_STORAGE_VERSION })],
    ['not an object', 'null'],
  ])('discards %s and starts empty instead of crashing', (_, stored) => {
    const storage = memoryStorage(stored);
    const store = createPreferencesStore({ storage });
    expect(store.getState().revision).toBeNull();
    expect(store.getState().enabled).toEqual({});
    expect(storage.data.has(PREFERENCES_STORAGE_KEY)).toBe(false);
  });

  it('persists confirmed flags but not pending edits', () => {
    const storage = memoryStorage();
    const store = createPreferencesStore({ storage });
    store.getState().confirmSaved([{ connection_id: CONN, model_id: 'gpt-4o', enabled: false }], 3, 42);
    store.getState().applyOptimistic([{ connection_id: CONN, model_id: 'o1', enabled: false }]);
    const saved = JSON.parse(storage.data.get(PREFERENCES_STORAGE_KEY)!) as { state: Record<string, unknown> };
    expect(saved.state).toEqual({ ownerId: null, revision: 3, enabled: { [`${CONN}/gpt-4o`]: false }, lastSyncedAt: 42 });

    const reloaded = createPreferencesStore({ storage }).getState();
    expect(selectIsEnabled(reloaded, CONN, 'gpt-4o')).toBe(false);
    expect(selectIsEnabled(reloaded, CONN, 'o1')).toBe(true);
  });

  it("forgets another user's preferences when a different user signs in", () => {
    const storage = memoryStorage(JSON.stringify({ state: validState, version: PREFERENCES_STORAGE_VERSION }));
    const store = createPreferencesStore({ storage });
    store.getState().bindOwner('user-1');
    expect(store.getState().revision).toBe(7);
    store.getState().bindOwner('user-2');
    expect(store.getState()).toMatchObject({ ownerId: 'user-2', revision: null, enabled: {}, lastSyncedAt: null });
  });

  it('keeps a newer edit when an older one is dropped', () => {
    const store = createPreferencesStore({ storage: memoryStorage() });
    const change = { connection_id: CONN, model_id: 'gpt-4o' };
    const first = store.getState().applyOptimistic([{ ...change, enabled: false }]);
    store.getState().applyOptimistic([{ ...change, enabled: true }]);
    store.getState().dropPending([{ ...change, enabled: false }], first);
    expect(selectIsPending(store.getState(), CONN, 'gpt-4o')).toBe(true);
    expect(store.getState().pending[`${CONN}/gpt-4o`]?.enabled).toBe(true);
  });

  it('adopts what another tab synced when it is at least as new, never an older revision', () => {
    const store = createPreferencesStore({ storage: memoryStorage(JSON.stringify({ state: validState, version: PREFERENCES_STORAGE_VERSION })) });
    const key = `${CONN}/openai/gpt-4o` as const;
    store.getState().receiveSynced({ ownerId: 'user-1', revision: 6, enabled: { [key]: true }, lastSyncedAt: 1_800_000_000_000 });
    expect(store.getState()).toMatchObject({ revision: 7, enabled: { [key]: false }, lastSyncedAt: validState.lastSyncedAt });

    store.getState().receiveSynced({ ownerId: 'user-1', revision: 8, enabled: { [key]: true }, lastSyncedAt: 1_800_000_000_000 });
    expect(store.getState()).toMatchObject({ revision: 8, enabled: { [key]: true }, lastSyncedAt: 1_800_000_000_000 });
  });

  it('ignores another tab’s sync for a different signed-in user', () => {
    const store = createPreferencesStore({ storage: memoryStorage(JSON.stringify({ state: validState, version: PREFERENCES_STORAGE_VERSION })) });
    store.getState().receiveSynced({ ownerId: 'user-2', revision: 99, enabled: {}, lastSyncedAt: 1 });
    expect(store.getState().revision).toBe(7);
  });

  it('keeps this tab’s pending edit on top of what another tab synced', () => {
    const store = createPreferencesStore({ storage: memoryStorage(JSON.stringify({ state: validState, version: PREFERENCES_STORAGE_VERSION })) });
    store.getState().applyOptimistic([{ connection_id: CONN, model_id: 'o1', enabled: false }]);
    store.getState().receiveSynced({ ownerId: 'user-1', revision: 8, enabled: { [`${CONN}/o1`]: true }, lastSyncedAt: 2 });
    expect(selectIsEnabled(store.getState(), CONN, 'o1')).toBe(false);
  });
});
