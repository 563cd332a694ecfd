/**
 * The runtime state a models row keeps so the user's other devices see it (status, memory, expiry,
 * last error), how a server's listing changes it, and the model as the runtime page shows it: one
 * set of rules for the runtime function and for the browser (servers only the browser can reach).
 */
import type { RuntimeModel } from './types.ts';

export type RuntimeStatus = 'idle' | 'loading' | 'running' | 'error';

/** The runtime columns of one models row. */
export interface RuntimeColumns {
  available: boolean;
  runtime_status: RuntimeStatus;
  runtime_status_at: string | null;
  runtime_error: string | null;
  runtime_memory_bytes: number | null;
  runtime_expires_at: string | null;
}

/** A stored model: the runtime columns and what describes it when its server is down. */
export interface RuntimeRow extends RuntimeColumns {
  model_id: string;
  size_bytes: number | null;
  family: string | null;
  parameter_size: string | null;
  quantization: string | null;
}

export type RuntimePatch = Partial<RuntimeColumns>;

/** One model as the runtime page shows it (the runtime function's answer). */
export interface RuntimeModelView {
  model_id: string;
  size_bytes: number | null;
  family: string | null;
  parameter_size: string | null;
  quantization: string | null;
  loaded: boolean;
  memory_bytes: number | null;
  expires_at: string | null;
  context_length: number | null;
  status: RuntimeStatus;
  status_at: string | null;
  error: string | null;
  /** Stored by discovery (so its status is shared with other devices). */
  known: boolean;
  /** Still on the server. */
  installed: boolean;
  /** The status recorded when the server was last seen (it cannot be reached now). */
  last_known: boolean;
}

/** A "loading" younger than this is another device's load in progress; older, it was abandoned. */
export const LOADING_FRESH_MS = 3 * 60_000;

// Dates a server reports that timestamptz accepts as ISO text: JavaScript prints years past 9999
// as "+010000-..." and before year 1 as "-000001-...", which Postgres refuses.
const EARLIEST_TIMESTAMP = Date.parse('0001-01-01T00:00:00Z');
const LATEST_TIMESTAMP = Date.parse('9999-12-31T23:59:59Z');

/** A server's timestamp as timestamptz takes it, or null for anything it would refuse. */
export function storableTimestamp(text: string | undefined): string | null {
  const ms = text ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(ms) || ms < EARLIEST_TIMESTAMP || ms > LATEST_TIMESTAMP) return null;
  return new Date(ms).toISOString();
}

/** A byte count as the bigint column takes it (and its check, >= 0), or null. */
export function storableBytes(value: number | undefined): number | null {
  return value !== undefined && Number.isSafeInteger(value) && value >= 0 ? value : null;
}

/**
 * The state a listing implies for a stored row. A fresh "loading" is another device's load in
 * progress and is left alone, unless this caller made it (`ownLoad`).
 */
export function observedPatch(model: RuntimeModel | undefined, row: RuntimeRow | undefined, nowMs: number, ownLoad = false): RuntimePatch {
  if (model?.loaded) {
    return {
      runtime_status: 'running',
      runtime_memory_bytes: storableBytes(model.memoryBytes),
      runtime_expires_at: storableTimestamp(model.expiresAt),
      runtime_error: null,
    };
  }
  const loadingSince = !ownLoad && row?.runtime_status === 'loading' && row.runtime_status_at ? nowMs - Date.parse(row.runtime_status_at) : Infinity;
  if (loadingSince < LOADING_FRESH_MS) return {};
  return { runtime_status: 'idle', runtime_memory_bytes: null, runtime_expires_at: null };
}

/** Equal, or the same instant written two ways (PostgREST answers "+00:00" where we write "Z"). */
function sameValue(stored: unknown, next: unknown): boolean {
  if (stored === next) return true;
  const isTimestamp = (value: unknown): value is string => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value);
  if (!isTimestamp(stored) || !isTimestamp(next)) return false;
  const instant = Date.parse(stored);
  return !Number.isNaN(instant) && instant === Date.parse(next);
}

/** Only the fields that differ, or null when nothing does (a poll then writes nothing). */
export function changedFields(row: RuntimeRow, patch: RuntimePatch): RuntimePatch | null {
  const diff: RuntimePatch = {};
  for (const [key, value] of Object.entries(patch) as [keyof RuntimePatch, unknown][]) {
    if (!sameValue(row[key], value)) (diff as Record<string, unknown>)[key] = value;
  }
  return Object.keys(diff).length ? diff : null;
}

/** The model as the app shows it: what the server said, and the status stored for other devices. */
export function liveView(model: RuntimeModel | undefined, row: RuntimeRow | undefined, modelId: string): RuntimeModelView {
  return {
    model_id: modelId,
    size_bytes: model?.sizeBytes ?? null,
    family: model?.family ?? null,
    parameter_size: model?.parameterSize ?? null,
    quantization: model?.quantization ?? null,
    loaded: model?.loaded ?? false,
    memory_bytes: model?.memoryBytes ?? null,
    expires_at: model?.expiresAt ?? null,
    context_length: model?.loadedContextLength ?? null,
    status: row?.runtime_status ?? (model?.loaded ? 'running' : 'idle'),
    status_at: row?.runtime_status_at ?? null,
    error: row?.runtime_error ?? null,
    // False for a model the server has that discovery has not stored yet.
    known: row !== undefined,
    installed: model !== undefined,
    last_known: false,
  };
}

/**
 * A stored model while its server cannot be reached: the status recorded when it was last seen
 * (`status_at`), marked `last_known`, in the same shape as a live entry.
 */
export function lastKnownView(row: RuntimeRow): RuntimeModelView {
  return {
    model_id: row.model_id,
    size_bytes: row.size_bytes,
    family: row.family,
    parameter_size: row.parameter_size,
    quantization: row.quantization,
    loaded: row.runtime_status === 'running',
    memory_bytes: row.runtime_memory_bytes,
    expires_at: row.runtime_expires_at,
    context_length: null,
    status: row.runtime_status,
    status_at: row.runtime_status_at,
    error: row.runtime_error,
    known: true,
    installed: row.available,
    last_known: true,
  };
}
