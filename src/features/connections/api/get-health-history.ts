import { queryOptions, useQuery } from '@tanstack/react-query';
import { supabase } from '@/lib/supabase';
import type { HealthCheck } from '../types/connections';
import { connectionKeys } from './keys';

/** How many checks the chart shows (the database keeps 500). */
export const HISTORY_LENGTH = 100;

/** The latest checks of one connection, oldest first (the order a chart reads). */
export async function getHealthHistory(connectionId: string, signal?: AbortSignal): Promise<HealthCheck[]> {
  let query = supabase
    .from('health_checks')
    .select('*')
    .eq('connection_id', connectionId)
    .order('checked_at', { ascending: false })
    .order('id', { ascending: false })
    .limit(HISTORY_LENGTH);
  if (signal) query = query.abortSignal(signal);
  const { data, error } = await query;
  if (error) throw error;
  return data.reverse();
}

export const healthHistoryQueryOptions = (connectionId: string) =>
  queryOptions({
    queryKey: connectionKeys.healthHistory(connectionId),
    queryFn: ({ signal }) => getHealthHistory(connectionId, signal),
  });

export function useHealthHistory(connectionId: string) {
  return useQuery(healthHistoryQueryOptions(connectionId));
}
