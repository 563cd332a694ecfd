import type { StoreApi } from 'zustand/vanilla';
import { z } from 'zod';
import type { ModelPreferencesApi, PreferenceChange } from '../types/preferences';
import { modelKey } from '../utils/model-key';
import type { PreferencesState, SyncedPreferences } from './preferences-store';

/**
 * Saves preference edits at once and keeps them from overwriting edits made elsewhere. Saves run
 * one at a time so this tab never conflicts with itself; a stale-revision refusal (PT409) means
 * another device or tab saved first: refetch, keep the user's edit on top, save again.
 */

const MAX_ATTEMPTS = 5;

/**
 * A short random pause before retrying after a conflict, growing with each attempt: two devices
 * saving in lockstep would otherwise keep invalidating each other's revision.
 */
const conflictBackoff = (attempt: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.random() * 25 * attempt));

const conflictDetailSchema = z.object({ current_revision: z.number(), expected_revision: z.number() });

/** The PT409 error's details (a JSON string from PostgREST), or null for any other error. */
export function parseRevisionConflict(error: unknown): { currentRevision: number; expectedRevision: number } | null {
  if (typeof error !== 'object' || error === null || (error as { code?: unknown }).code !== 'PT409') return null;
  const details = (error as { details?: unknown }).details;
  try {
    const parsed = conflictDetailSchema.parse(typeof details === 'string' ? JSON.parse(details) : details);
    return { currentRevision: parsed.current_revision, expectedRevision: parsed.expected_revision };
  } catch {
    return { currentRevision: Number.NaN, expectedRevision: Number.NaN };
  }
}

/** A flag someone else had changed that this save set back to the user's choice. */
export interface ReplacedRemoteChange extends PreferenceChange {
  /** The value the other device had saved (`enabled` is what this save wrote). */
  remoteEnabled: boolean;
}

export type SaveOutcome =
  | { ok: true; revision: number; replaced: ReplacedRemoteChange[] }
  | { ok: false; message: string; error: unknown };

function describeSaveError(error: unknown, conflicted: boolean): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (conflicted) return 'Your model preferences keep changing on another device, so this change was not saved. Try again.';
  if (code === 'PT404') return 'Some of these models no longer exist, so nothing was saved. Reload your models and try again.';
  return "Couldn't save your model preferences. Check your connection and try again.";
}

export interface PreferencesSync {
  /** Pulls the server state; edits still pending stay visible on top. */
  refresh: () => Promise<{ ok: true } | { ok: false; error: unknown }>;
  /** Applies optimistically and saves; on failure the edit is rolled back and the outcome says why. */
  setEnabled: (changes: readonly PreferenceChange[]) => Promise<SaveOutcome>;
}

export function createPreferencesSync(options: {
  api: ModelPreferencesApi;
  store: StoreApi<PreferencesState>;
  now?: () => number;
  /** Called with the confirmed state after every load or save, e.g. to tell this browser's other tabs. */
  onSynced?: (synced: SyncedPreferences) => void;
}): PreferencesSync {
  const { api, store, onSynced } = options;
  const now = options.now ?? Date.now;
  const announce = () => {
    const { ownerId, revision, enabled, lastSyncedAt } = store.getState();
    if (onSynced && ownerId !== null && revision !== null && lastSyncedAt !== null) onSynced({ ownerId, revision, enabled, lastSyncedAt });
  };
  let queue: Promise<unknown> = Promise.resolve();
  const enqueue = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  };

  const load = async () => {
    const snapshot = await api.getModelPreferences();
    store.getState().replaceFromServer(snapshot, now());
    announce();
  };

  const refresh: PreferencesSync['refresh'] = () =>
    enqueue(async () => {
      store.getState().setRefreshing(true);
      try {
        await load();
        return { ok: true } as const;
      } catch (error) {
        return { ok: false, error } as const;
      } finally {
        store.getState().setRefreshing(false);
      }
    });

  const save = async (changes: PreferenceChange[], seq: number): Promise<SaveOutcome> => {
    const replaced = new Map<string, ReplacedRemoteChange>();
    let conflicted = false;
    try {
      if (store.getState().revision === null) await load();
      for (let attempt = 1; ; attempt++) {
        const before = store.getState().enabled;
        try {
          const result = await api.saveModelPreferences(store.getState().revision ?? 0, changes);
          store.getState().confirmSaved(changes, result.revision, now());
          store.getState().dropPending(changes, seq);
          announce();
          return { ok: true, revision: result.revision, replaced: [...replaced.values()] };
        } catch (error) {
          if (!parseRevisionConflict(error) || attempt >= MAX_ATTEMPTS) throw error;
          conflicted = true;
          await conflictBackoff(attempt);
          await load();
          // Changed on both sides: the other device moved this flag away from what we last knew.
          // The user's latest intent still wins (we save it below), but they are told.
          const after = store.getState().enabled;
          for (const change of changes) {
            const key = modelKey(change.connection_id, change.model_id);
            const remote = after[key];
            if (remote !== undefined && remote !== before[key] && remote !== change.enabled) {
              replaced.set(key, { ...change, remoteEnabled: remote });
            }
          }
        }
      }
    } catch (error) {
      store.getState().dropPending(changes, seq);
      return { ok: false, message: describeSaveError(error, conflicted && parseRevisionConflict(error) !== null), error };
    }
  };

  const setEnabled: PreferencesSync['setEnabled'] = (changes) => {
    const list = [...changes];
    const seq = store.getState().applyOptimistic(list);
    return enqueue(() => save(list, seq));
  };

  return { refresh, setEnabled };
}
