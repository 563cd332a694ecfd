import type { RuntimePatch, RuntimeRow } from '@core/runtime/state.ts';
import { toStorableText } from '@core/text.ts';
import { supabase } from '@/lib/supabase';

const COLUMNS = 'model_id, size_bytes, family, parameter_size, quantization, available, runtime_status, runtime_status_at, runtime_error, runtime_memory_bytes, runtime_expires_at';

/** What was last stored for a connection's models: shown, marked as such, when the server is unreachable. */
export async function getStoredRuntime(connectionId: string, signal?: AbortSignal): Promise<RuntimeRow[]> {
  let query = supabase.from('models').select(COLUMNS).eq('connection_id', connectionId).eq('available', true).order('model_id').limit(5_000);
  if (signal) query = query.abortSignal(signal);
  const { data, error } = await query;
  if (error) throw error;
  return (data ?? []) as RuntimeRow[];
}

/** Stores what the browser learned or did (browser-probed servers), for the user's other devices. */
export async function storeRuntime(connectionId: string, modelId: string, patch: RuntimePatch): Promise<void> {
  // An error sentence may quote the server's own words, which can hold what Postgres refuses.
  const cleaned = typeof patch.runtime_error === 'string' ? { ...patch, runtime_error: toStorableText(patch.runtime_error) } : patch;
  const update = 'runtime_status' in cleaned ? { ...cleaned, runtime_status_at: new Date().toISOString() } : cleaned;
  const { error } = await supabase.from('models').update(update).eq('connection_id', connectionId).eq('model_id', modelId);
  if (error) throw error;
}
