import { toStorableText } from '@core/text.ts';
import { infiniteQueryOptions, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { supabase } from '@/lib/supabase';
import type { Generation, GenerationFilters } from '../types/generations';
import { collectionKeys, generationKeys } from './keys';

export const PAGE_SIZE = 30;

interface Cursor {
  created_at: string;
  id: string;
}

/**
 * What the search box holds, as the database can take it: stored prompts never hold a NUL or half
 * a surrogate pair, so those cannot match anything, and sending them would fail the whole query.
 */
function searchTerm(typed: string): string | undefined {
  const term = toStorableText(typed).trim();
  return term === '' ? undefined : term;
}

/** One keyset page, newest first: the cursor is the last row's (created_at, id), so deep pages cost the same. */
export async function getGenerationsPage(filters: GenerationFilters, cursor: Cursor | null, signal?: AbortSignal): Promise<Generation[]> {
  let query = supabase.rpc('list_generations', {
    before_created_at: cursor?.created_at,
    before_id: cursor?.id,
    page_size: PAGE_SIZE,
    connection_id: filters.connectionId ?? undefined,
    model_id: filters.modelId ?? undefined,
    favorites_only: filters.favoritesOnly,
    collection_id: filters.collectionId ?? undefined,
    search: searchTerm(filters.search),
  });
  if (signal) query = query.abortSignal(signal);
  const { data, error } = await query;
  if (error) throw error;
  return (data ?? []) as Generation[];
}

export const generationsInfiniteOptions = (filters: GenerationFilters) =>
  infiniteQueryOptions({
    queryKey: generationKeys.list(filters),
    queryFn: ({ pageParam, signal }) => getGenerationsPage(filters, pageParam, signal),
    initialPageParam: null as Cursor | null,
    getNextPageParam: (last) => (last.length < PAGE_SIZE ? null : { created_at: last[last.length - 1]!.created_at, id: last[last.length - 1]!.id }),
  });

export function useGenerations(filters: GenerationFilters) {
  return useInfiniteQuery(generationsInfiniteOptions(filters));
}

/** The ids of hearted generations (one small query, shared by every card). */
export function useHeartedIds() {
  return useQuery({
    queryKey: generationKeys.hearts(),
    queryFn: async ({ signal }) => {
      const { data, error } = await supabase.from('generation_favorites').select('generation_id').abortSignal(signal).limit(100_000);
      if (error) throw error;
      return new Set((data ?? []).map((row) => row.generation_id));
    },
  });
}

export async function setGenerationFavorite(generationId: string, favorite: boolean): Promise<boolean> {
  const { data, error } = await supabase.rpc('set_generation_favorite', { generation_id: generationId, favorite });
  if (error) throw error;
  return data;
}

export function useDeleteGeneration() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => {
      const { error } = await supabase.from('generations').delete().eq('id', id);
      if (error) throw error;
    },
    onSettled: () => Promise.all([queryClient.invalidateQueries({ queryKey: generationKeys.all }), queryClient.invalidateQueries({ queryKey: collectionKeys.all })]),
  });
}
