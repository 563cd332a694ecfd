import { queryOptions, useQuery } from '@tanstack/react-query';
import { supabase } from '@/lib/supabase';
import type { AuditEvent } from '../types/connections';
import { connectionKeys } from './keys';

export async function getConnectionAudit(connectionId: string, signal?: AbortSignal): Promise<AuditEvent[]> {
  let query = supabase
    .from('audit_events')
    .select('*')
    .eq('entity_type', 'connection')
    .eq('entity_id', connectionId)
    .order('occurred_at', { ascending: false })
    .order('id', { ascending: false })
    .limit(100);
  if (signal) query = query.abortSignal(signal);
  const { data, error } = await query;
  if (error) throw error;
  return data;
}

export const connectionAuditQueryOptions = (connectionId: string) =>
  queryOptions({
    queryKey: connectionKeys.audit(connectionId),
    queryFn: ({ signal }) => getConnectionAudit(connectionId, signal),
  });

export function useConnectionAudit(connectionId: string) {
  return useQuery(connectionAuditQueryOptions(connectionId));
}
