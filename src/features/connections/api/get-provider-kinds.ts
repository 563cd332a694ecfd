import { queryOptions, useQuery } from '@tanstack/react-query';
import { supabase } from '@/lib/supabase';
import type { ProviderKind } from '../types/connections';
import { providerKindKeys } from './keys';

export async function getProviderKinds(signal?: AbortSignal): Promise<ProviderKind[]> {
  let query = supabase.from('provider_kinds').select('*').order('sort_order').order('label');
  if (signal) query = query.abortSignal(signal);
  const { data, error } = await query;
  if (error) throw error;
  return data;
}

/** The catalogue changes only with a migration: read it once per session. */
export const providerKindsQueryOptions = () =>
  queryOptions({
    queryKey: providerKindKeys.all,
    queryFn: ({ signal }) => getProviderKinds(signal),
    staleTime: 60 * 60 * 1000,
  });

export function useProviderKinds() {
  return useQuery(providerKindsQueryOptions());
}
