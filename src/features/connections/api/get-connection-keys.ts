import { queryOptions, useQuery } from '@tanstack/react-query';
import { supabase } from '@/lib/supabase';
import { connectionKeys } from './keys';

export interface StoredKey {
  connectionId: string;
  /** Last four characters of the key. */
  hint: string | null;
  updatedAt: string | null;
}

/** Which connections have a key in the lockbox: hints and dates only, never the key. */
export async function getConnectionKeys(signal?: AbortSignal): Promise<Map<string, StoredKey>> {
  let query = supabase.from('connection_keys').select('connection_id, hint, updated_at');
  if (signal) query = query.abortSignal(signal);
  const { data, error } = await query;
  if (error) throw error;
  const keys = new Map<string, StoredKey>();
  for (const row of data) {
    if (row.connection_id) keys.set(row.connection_id, { connectionId: row.connection_id, hint: row.hint, updatedAt: row.updated_at });
  }
  return keys;
}

export const connectionKeysQueryOptions = () =>
  queryOptions({
    queryKey: connectionKeys.keys(),
    queryFn: ({ signal }) => getConnectionKeys(signal),
  });

export function useConnectionKeys() {
  return useQuery(connectionKeysQueryOptions());
}
