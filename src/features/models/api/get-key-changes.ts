import { queryOptions } from '@tanstack/react-query';
import { supabase } from '@/lib/supabase';
import { modelKeys } from './keys';

export interface KeyChange {
  connection_id: string;
  /** When the connection's API key was last set or replaced. */
  updated_at: string;
}

/** When each connection's key last changed (connection_keys exposes hints and times, never keys). */
export async function getKeyChanges(signal?: AbortSignal): Promise<KeyChange[]> {
  let query = supabase.from('connection_keys').select('connection_id, updated_at');
  if (signal) query = query.abortSignal(signal);
  const { data, error } = await query;
  if (error) throw error;
  return (data ?? []).flatMap((row) => (row.connection_id && row.updated_at ? [{ connection_id: row.connection_id, updated_at: row.updated_at }] : []));
}

export const keyChangesQueryOptions = (fetchKeyChanges: (signal?: AbortSignal) => Promise<KeyChange[]> = getKeyChanges) =>
  queryOptions({
    queryKey: modelKeys.keyChanges(),
    queryFn: ({ signal }) => fetchKeyChanges(signal),
  });
