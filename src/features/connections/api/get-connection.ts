import { queryOptions, useQuery } from '@tanstack/react-query';
import { supabase } from '@/lib/supabase';
import type { Connection } from '../types/connections';
import { connectionKeys } from './keys';

/** Null when the connection does not exist (or is not the caller's: RLS makes those look the same). */
export async function getConnection(id: string, signal?: AbortSignal): Promise<Connection | null> {
  let query = supabase.from('connections').select('*').eq('id', id);
  if (signal) query = query.abortSignal(signal);
  const { data, error } = await query.maybeSingle();
  if (error) {
    // A malformed id in the address is "not found", not a server failure.
    if (error.code === '22P02') return null;
    throw error;
  }
  return data;
}

export const connectionQueryOptions = (id: string) =>
  queryOptions({
    queryKey: connectionKeys.detail(id),
    queryFn: ({ signal }) => getConnection(id, signal),
  });

export function useConnection(id: string) {
  return useQuery(connectionQueryOptions(id));
}
