import { queryOptions, useQuery } from '@tanstack/react-query';
import { supabase } from '@/lib/supabase';
import type { RuntimeConnection } from '../types/runtime';
import { runtimeKeys } from './keys';

/** The caller's connections whose kind can load and unload models, by name. */
export async function getRuntimeConnections(signal?: AbortSignal): Promise<RuntimeConnection[]> {
  let query = supabase
    .from('connections')
    .select('id, name, kind, base_url, probe_from, enabled, kind_row:provider_kinds!inner(label, runtime_adapter)')
    .not('kind_row.runtime_adapter', 'is', null)
    .order('name');
  if (signal) query = query.abortSignal(signal);
  const { data, error } = await query;
  if (error) throw error;
  return (data ?? []).flatMap((row): RuntimeConnection[] => {
    const kind = row.kind_row as unknown as { label: string; runtime_adapter: string | null } | null;
    if (kind?.runtime_adapter !== 'ollama' && kind?.runtime_adapter !== 'lmstudio') return [];
    return [{ id: row.id, name: row.name, kind: row.kind, base_url: row.base_url, probe_from: row.probe_from as RuntimeConnection['probe_from'], enabled: row.enabled, adapter: kind.runtime_adapter, kind_label: kind.label }];
  });
}

export const runtimeConnectionsQueryOptions = () =>
  queryOptions({ queryKey: runtimeKeys.connections(), queryFn: ({ signal }) => getRuntimeConnections(signal) });

export function useRuntimeConnections() {
  return useQuery(runtimeConnectionsQueryOptions());
}
