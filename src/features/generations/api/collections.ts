import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { supabase } from '@/lib/supabase';
import { collectionKeys, generationKeys } from './keys';

export interface CollectionSummary {
  id: string;
  title: string;
  description: string | null;
  item_count: number;
  created_at: string;
}

export function useCollections() {
  return useQuery({
    queryKey: collectionKeys.list(),
    queryFn: async ({ signal }) => {
      const { data, error } = await supabase.from('collections_with_counts').select('id, title, description, item_count, created_at').order('title').abortSignal(signal);
      if (error) throw error;
      return (data ?? []) as CollectionSummary[];
    },
  });
}

/** The collections one generation is in. */
export function useMemberships(generationId: string, enabled: boolean) {
  return useQuery({
    queryKey: collectionKeys.memberships(generationId),
    enabled,
    queryFn: async ({ signal }) => {
      const { data, error } = await supabase.from('collection_items').select('collection_id').eq('generation_id', generationId).abortSignal(signal);
      if (error) throw error;
      return new Set((data ?? []).map((row) => row.collection_id));
    },
  });
}

function useCollectionsMutation<T>(mutationFn: (input: T) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSettled: () => Promise.all([queryClient.invalidateQueries({ queryKey: collectionKeys.all }), queryClient.invalidateQueries({ queryKey: generationKeys.lists() })]),
  });
}

const must = ({ error }: { error: unknown }) => {
  if (error) throw error;
};

export const useCreateCollection = () => useCollectionsMutation(async (title: string) => must(await supabase.from('collections').insert({ title: title.trim() })));
export const useRenameCollection = () => useCollectionsMutation(async ({ id, title }: { id: string; title: string }) => must(await supabase.from('collections').update({ title: title.trim() }).eq('id', id)));
export const useDeleteCollection = () => useCollectionsMutation(async (id: string) => must(await supabase.from('collections').delete().eq('id', id)));
export const useSetMembership = () =>
  useCollectionsMutation(async ({ collectionId, generationId, member }: { collectionId: string; generationId: string; member: boolean }) =>
    must(await supabase.rpc(member ? 'add_generation_to_collection' : 'remove_generation_from_collection', { collection_id: collectionId, generation_id: generationId })),
  );
