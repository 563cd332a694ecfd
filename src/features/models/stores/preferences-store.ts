import { persist, type PersistStorage, type StateStorage } from 'zustand/middleware';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { z } from 'zod';
import type { ModelPreferencesSnapshot, PreferenceChange } from '../types/preferences';
import { modelKey, type ModelKey } from '../utils/model-key';

/**
 * The one deliberate copy of server data in zustand: the user's model preferences, persisted in
 * localStorage so a reload paints at once. The server stays the truth; the sync engine
 * (preferences-sync.ts) refreshes and saves. Optimistic edits live in `pending` on top of the
 * confirmed `enabled` flags, so a rollback is just dropping the pending entry.
 */

export const PREFERENCES_STORAGE_KEY = 'switchboard.model-preferences';
// Bump when the persisted shape changes: older content is discarded, not migrated (the server has it).
export const PREFERENCES_STORAGE_VERSION = 1;

export interface PendingPreference {
  enabled: boolean;
  /** Which edit this is, so a finished save never drops a newer edit of the same model. */
  seq: number;
}

export interface PreferencesState {
  /** Whose preferences these are: localStorage outlives a sign-out. */
  ownerId: string | null;
  /** Server revision of `enabled`; null until first loaded. */
  revision: number | null;
  /** Server-confirmed flags. */
  enabled: Record<ModelKey, boolean>;
  lastSyncedAt: number | null;
  /** Edits not yet confirmed; not persisted (another tab would otherwise resend them). */
  pending: Record<ModelKey, PendingPreference>;
  refreshing: boolean;

  /** Clears everything when the signed-in user is not the one the stored preferences belong to. */
  bindOwner: (ownerId: string | null) => void;
  applyOptimistic: (changes: readonly PreferenceChange[]) => number;
  dropPending: (changes: readonly PreferenceChange[], seq: number) => void;
  confirmSaved: (changes: readonly PreferenceChange[], revision: number, syncedAt: number) => void;
  replaceFromServer: (snapshot: ModelPreferencesSnapshot, syncedAt: number) => void;
  setRefreshing: (refreshing: boolean) => void;
  /** Another tab of this browser synced: adopt its state unless ours is newer. */
  receiveSynced: (synced: SyncedPreferences) => void;
}

/** The confirmed state one tab tells the others after it synced (see preferences-channel.ts). */
export interface SyncedPreferences {
  ownerId: string;
  revision: number;
  enabled: Record<ModelKey, boolean>;
  lastSyncedAt: number;
}

const persistedSchema = z.object({
  ownerId: z.string().nullable(),
  revision: z.number().int().nonnegative().nullable(),
  enabled: z.record(z.string().regex(/^[^/]+\/.+$/), z.boolean()),
  lastSyncedAt: z.number().finite().nullable(),
});
type PersistedPreferences = z.infer<typeof persistedSchema>;
const envelopeSchema = z.object({ state: persistedSchema, version: z.literal(PREFERENCES_STORAGE_VERSION) });

/**
 * JSON storage that validates on read: unparsable, outdated or malformed content is removed and
 * reported as absent, so the store starts empty and the next refresh loads from the server.
 */
function validatedStorage(backing: StateStorage): PersistStorage<PersistedPreferences> {
  // Synchronous on purpose: with localStorage the store hydrates before the first render.
  const discard = (name: string) => {
    void backing.removeItem(name);
    return null;
  };
  return {
    getItem: (name) => {
      const text = backing.getItem(name);
      if (typeof text !== 'string') return null;
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch {
        return discard(name);
      }
      const parsed = envelopeSchema.safeParse(raw);
      return parsed.success ? { state: parsed.data.state as PersistedPreferences, version: parsed.data.version } : discard(name);
    },
    setItem: (name, value) => backing.setItem(name, JSON.stringify(value)),
    removeItem: (name) => backing.removeItem(name),
  };
}

const emptyServerState = { revision: null, enabled: {}, lastSyncedAt: null, pending: {} } satisfies Partial<PreferencesState>;

// Module-wide so sequence numbers stay unique even across store instances in tests.
let nextSeq = 0;

function without<T>(record: Record<ModelKey, T>, keys: readonly ModelKey[]): Record<ModelKey, T> {
  const copy = { ...record };
  for (const key of keys) delete copy[key];
  return copy;
}

const keyOf = (change: PreferenceChange) => modelKey(change.connection_id, change.model_id);

export function createPreferencesStore(options: { storage?: StateStorage; name?: string } = {}): StoreApi<PreferencesState> {
  return createStore<PreferencesState>()(
    persist(
      (set, get) => ({
        ownerId: null,
        ...emptyServerState,
        refreshing: false,

        bindOwner: (ownerId) => {
          if (get().ownerId !== ownerId) set({ ownerId, ...emptyServerState });
        },
        applyOptimistic: (changes) => {
          const seq = ++nextSeq;
          const pending = { ...get().pending };
          for (const change of changes) pending[keyOf(change)] = { enabled: change.enabled, seq };
          set({ pending });
          return seq;
        },
        dropPending: (changes, seq) => {
          const mine = changes.map(keyOf).filter((key) => get().pending[key]?.seq === seq);
          if (mine.length > 0) set({ pending: without(get().pending, mine) });
        },
        confirmSaved: (changes, revision, syncedAt) => {
          const enabled = { ...get().enabled };
          for (const change of changes) enabled[keyOf(change)] = change.enabled;
          set({ enabled, revision, lastSyncedAt: syncedAt });
        },
        replaceFromServer: (snapshot, syncedAt) => {
          const enabled: Record<ModelKey, boolean> = {};
          for (const model of snapshot.models) enabled[keyOf(model)] = model.enabled;
          set({ enabled, revision: snapshot.revision, lastSyncedAt: syncedAt });
        },
        setRefreshing: (refreshing) => set({ refreshing }),
        receiveSynced: (synced) => {
          const { ownerId, revision, lastSyncedAt } = get();
          if (synced.ownerId !== ownerId || (revision !== null && synced.revision < revision)) return;
          // Same revision, same flags: only the sync time can be newer.
          const latest = Math.max(lastSyncedAt ?? 0, synced.lastSyncedAt);
          if (synced.revision === revision) set({ lastSyncedAt: latest });
          else set({ enabled: synced.enabled, revision: synced.revision, lastSyncedAt: latest });
        },
      }),
      {
        name: options.name ?? PREFERENCES_STORAGE_KEY,
        version: PREFERENCES_STORAGE_VERSION,
        storage: validatedStorage(options.storage ?? localStorage),
        partialize: ({ ownerId, revision, enabled, lastSyncedAt }): PersistedPreferences => ({ ownerId, revision, enabled, lastSyncedAt }),
      },
    ),
  );
}

/**
 * What the user sees: their pending edit if any, else the server's flag. `fallback` answers for a
 * model this store has not heard of yet (discovered since the last sync): the catalog's own flag.
 */
export function selectIsEnabled(state: Pick<PreferencesState, 'enabled' | 'pending'>, connectionId: string, modelId: string, fallback = true): boolean {
  const key = modelKey(connectionId, modelId);
  return state.pending[key]?.enabled ?? state.enabled[key] ?? fallback;
}

export function selectIsPending(state: Pick<PreferencesState, 'pending'>, connectionId: string, modelId: string): boolean {
  return modelKey(connectionId, modelId) in state.pending;
}
