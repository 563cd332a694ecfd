import { queryOptions, useQuery } from '@tanstack/react-query';
import { supabase } from '@/lib/supabase';
import type { HealthCheck } from '../types/connections';
import { connectionKeys } from './keys';

export type RecentCheck = Pick<HealthCheck, 'connection_id' | 'status' | 'latency_ms' | 'checked_at'>;

/** Points per sparkline. */
export const SPARKLINE_LENGTH = 20;

/** The latest checks of every connection, grouped by connection, oldest first. */
export async function getRecentHealth(signal?: AbortSignal): Promise<Map<string, RecentCheck[]>> {
  let query = supabase
    .from('health_checks')
    .select('connection_id, status, latency_ms, checked_at')
    .order('checked_at', { ascending: false })
    .order('id', { ascending: false })
    .limit(1000);
  if (signal) query = query.abortSignal(signal);
  const { data, error } = await query;
  if (error) throw error;
  const grouped = new Map<string, RecentCheck[]>();
  for (const row of data) {
    const list = grouped.get(row.connection_id) ?? [];
    if (list.length < SPARKLINE_LENGTH) list.push(row);
    grouped.set(row.connection_id, list);
  }
  for (const list of grouped.values()) list.reverse();
  return grouped;
}

export const recentHealthQueryOptions = () =>
  queryOptions({
    queryKey: connectionKeys.recentHealth(),
    queryFn: ({ signal }) => getRecentHealth(signal),
  });

export function useRecentHealth() {
  return useQuery(recentHealthQueryOptions());
}
