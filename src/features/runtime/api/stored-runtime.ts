import { toStorableText } from '@core/text.ts';
import { supabase } from '@/lib/supabase';
import type { RuntimeModelView, RuntimeStatus } from '../types/runtime';

const COLUMNS = 'model_id, size_bytes, family, parameter_size, quantization, available, runtime_status, runtime_status_at, runtime_error, runtime_memory_bytes, runtime_expires_at';

export interface StoredRuntimeRow {
  model_id: string;
  size_bytes: number | null;
  family: string | null;
  parameter_size: string | null;
  quantization: string | null;
  available: boolean;
  runtime_status: string;
  runtime_status_at: string | null;
  runtime_error: string | null;
  runtime_memory_bytes: number | null;
  runtime_expires_at: string | null;
}

/** What was last stored for a connection's models: shown, marked as such, when the server is unreachable. */
export async function getStoredRuntime(connectionId: string, signal?: AbortSignal): Promise<StoredRuntimeRow[]> {
  let query = supabase.from('models').select(COLUMNS).eq('connection_id', connectionId).eq('available', true).order('model_id').limit(5_000);
  if (signal) query = query.abortSignal(signal);
  const { data, error } = await query;
  if (error) throw error;
  return (data ?? []) as StoredRuntimeRow[];
}

export function storedView(row: StoredRuntimeRow): RuntimeModelView {
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
    status: row.runtime_status as RuntimeStatus,
    status_at: row.runtime_status_at,
    error: row.runtime_error,
    known: true,
    installed: row.available,
  };
}

/** Stores what the browser learned or did (browser-probed servers), for the user's other devices. */
export async function storeRuntime(connectionId: string, modelId: string, patch: Partial<Pick<StoredRuntimeRow, 'runtime_status' | 'runtime_error' | 'runtime_memory_bytes' | 'runtime_expires_at' | 'available'>>): Promise<void> {
  // An error sentence may quote the server's own words, which can hold what Postgres refuses.
  const cleaned = typeof patch.runtime_error === 'string' ? { ...patch, runtime_error: toStorableText(patch.runtime_error) } : patch;
  const update = 'runtime_status' in cleaned ? { ...cleaned, runtime_status_at: new Date().toISOString() } : cleaned;
  const { error } = await supabase.from('models').update(update).eq('connection_id', connectionId).eq('model_id', modelId);
  if (error) throw error;
}
