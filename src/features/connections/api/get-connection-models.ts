import { queryOptions, useQuery } from '@tanstack/react-query';
import { supabase } from '@/lib/supabase';
import type { Model } from '../types/connections';
import { fetchAllRows } from '@/lib/fetch-all-rows';
import { connectionKeys } from './keys';

export async function getConnectionModels(connectionId: string, signal?: AbortSignal): Promise<Model[]> {
  return fetchAllRows<Model>((from, to) => {
    let query = supabase
      .from('models')
      .select('*')
      .eq('connection_id', connectionId)
      .order('available', { ascending: false })
      .order('model_id')
      .range(from, to);
    if (signal) query = query.abortSignal(signal);
    return query;
  });
}

export const connectionModelsQueryOptions = (connectionId: string) =>
  queryOptions({
    queryKey: connectionKeys.models(connectionId),
    queryFn: ({ signal }) => getConnectionModels(connectionId, signal),
  });

export function useConnectionModels(connectionId: string) {
  return useQuery(connectionModelsQueryOptions(connectionId));
}
