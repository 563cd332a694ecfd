import { queryOptions, useQuery } from '@tanstack/react-query';
import { supabase } from '@/lib/supabase';
import type { Connection } from '../types/connections';
import { fetchAllRows } from '@/lib/fetch-all-rows';
import { connectionKeys } from './keys';

export async function getConnections(signal?: AbortSignal): Promise<Connection[]> {
  const rows = await fetchAllRows<Connection>((from, to) => {
    let query = supabase.from('connections').select('*').order('created_at').order('id').range(from, to);
    if (signal) query = query.abortSignal(signal);
    return query;
  });
  return rows.sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }));
}

export const connectionsQueryOptions = () =>
  queryOptions({
    queryKey: connectionKeys.lists(),
    queryFn: ({ signal }) => getConnections(signal),
  });

export function useConnections() {
  return useQuery(connectionsQueryOptions());
}
