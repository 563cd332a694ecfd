import { useCallback } from 'react';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { toast } from '@/components/ui/toast';
import { createFavoritesReconciler, type FavoritesReconciler } from '@/lib/favorites-reconciler';
import { setGenerationFavorite } from '../api/generations';
import { generationKeys } from '../api/keys';

function writeHeart(queryClient: QueryClient, id: string, hearted: boolean) {
  queryClient.setQueryData<Set<string>>(generationKeys.hearts(), (current) => {
    if (!current || current.has(id) === hearted) return current;
    const next = new Set(current);
    if (hearted) next.add(id);
    else next.delete(id);
    return next;
  });
}

const reconcilers = new WeakMap<QueryClient, FavoritesReconciler<string>>();

function reconcilerFor(queryClient: QueryClient) {
  let reconciler = reconcilers.get(queryClient);
  if (!reconciler) {
    reconciler = createFavoritesReconciler<string>({
      send: (id, favorite) => setGenerationFavorite(id, favorite),
      onChange: (id, favorite) => writeHeart(queryClient, id, favorite),
    });
    reconcilers.set(queryClient, reconciler);
  }
  return reconciler;
}

/**
 * Hearts a generation: the heart changes at once, the idempotent RPC sets the wanted state, the
 * last click wins whatever order the answers come in, and a failure rolls back with a toast.
 */
export function useToggleHeart() {
  const queryClient = useQueryClient();
  return useCallback(
    (id: string, hearted: boolean) => {
      const current = queryClient.getQueryData<Set<string>>(generationKeys.hearts())?.has(id) ?? !hearted;
      void reconcilerFor(queryClient)
        .set(id, hearted, current)
        .then((outcome) => {
          if (outcome.status === 'failed') toast.error(hearted ? 'The heart could not be saved' : 'The heart could not be removed', 'Check your connection and try again.');
          if (outcome.status === 'confirmed') void queryClient.invalidateQueries({ queryKey: generationKeys.lists(), predicate: (q) => JSON.stringify(q.queryKey).includes('"favoritesOnly":true') });
        });
    },
    [queryClient],
  );
}
