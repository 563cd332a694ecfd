import type { StoredRuntimeRow } from '../api/stored-runtime';
import type { RuntimeModelView, RuntimeStatus } from '../types/runtime';

/** A model as a server reports it (the browser path's equivalent of the runtime function's list). */
export type ListedModel = Pick<
  RuntimeModelView,
  'model_id' | 'size_bytes' | 'family' | 'parameter_size' | 'quantization' | 'loaded' | 'memory_bytes' | 'expires_at' | 'context_length'
>;

export type RuntimePatch = Partial<Pick<StoredRuntimeRow, 'runtime_status' | 'runtime_error' | 'runtime_memory_bytes' | 'runtime_expires_at' | 'available'>>;

/** A "loading" younger than this is another device's load in progress, not a stale record. */
export const LOADING_FRESH_MS = 3 * 60_000;

/** The stored state a listing implies (same rules as the runtime function). */
export function observedPatch(listed: ListedModel | undefined, row: StoredRuntimeRow | undefined, now: number, ownLoad = false): RuntimePatch {
  if (listed?.loaded) return { runtime_status: 'running', runtime_memory_bytes: listed.memory_bytes, runtime_expires_at: listed.expires_at, runtime_error: null };
  const loadingAge = !ownLoad && row?.runtime_status === 'loading' && row.runtime_status_at ? now - Date.parse(row.runtime_status_at) : Infinity;
  if (loadingAge < LOADING_FRESH_MS) return {};
  return { runtime_status: 'idle', runtime_memory_bytes: null, runtime_expires_at: null };
}

/** Only the fields that differ, or null when nothing does (a poll writes nothing then). */
export function changedFields(row: StoredRuntimeRow, patch: RuntimePatch): RuntimePatch | null {
  const diff: RuntimePatch = {};
  for (const [key, value] of Object.entries(patch) as [keyof RuntimePatch, unknown][]) {
    if (row[key] !== value) (diff as Record<string, unknown>)[key] = value;
  }
  return Object.keys(diff).length > 0 ? diff : null;
}

export function viewOf(listed: ListedModel | undefined, row: StoredRuntimeRow | undefined, modelId: string): RuntimeModelView {
  return {
    model_id: modelId,
    size_bytes: listed?.size_bytes ?? row?.size_bytes ?? null,
    family: listed?.family ?? row?.family ?? null,
    parameter_size: listed?.parameter_size ?? row?.parameter_size ?? null,
    quantization: listed?.quantization ?? row?.quantization ?? null,
    loaded: listed?.loaded ?? false,
    memory_bytes: listed?.memory_bytes ?? null,
    expires_at: listed?.expires_at ?? null,
    context_length: listed?.context_length ?? null,
    status: (row?.runtime_status as RuntimeStatus | undefined) ?? (listed?.loaded ? 'running' : 'idle'),
    status_at: row?.runtime_status_at ?? null,
    error: row?.runtime_error ?? null,
    known: row !== undefined,
    installed: listed !== undefined,
  };
}
