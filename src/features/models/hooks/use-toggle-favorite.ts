import { useCallback } from 'react';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { toast } from '@/components/ui/toast';
import type { CatalogModel } from '../types/catalog';
import { modelKeys } from '../api/keys';
import { useModelsApi, type ModelsApi } from '../api/models-api';
import { preferencesStore } from '../stores/app-preferences-store';
import { postToOtherTabs } from '../stores/models-channel';
import { useWaitingFavoritesStore } from '../stores/waiting-favorites-store';
import { createFavoritesReconciler, type FavoritesReconciler } from '@/lib/favorites-reconciler';
import { modelKey, parseModelKey, type ModelKey } from '../utils/model-key';
import { sendWhenOnline } from '../utils/send-when-online';
import { describeModelsError } from '../utils/describe-error';

type FavoriteTarget = Pick<CatalogModel, 'connection_id' | 'model_id' | 'label' | 'is_favorite'>;

// Where each model sits in a catalog array, built once per fetched array and carried over to the
// copies a star makes (same order), so a click finds its model without scanning thousands.
const positions = new WeakMap<CatalogModel[], Map<ModelKey, number>>();
function positionsOf(models: CatalogModel[]): Map<ModelKey, number> {
  let map = positions.get(models);
  if (!map) {
    map = new Map(models.map((m, i) => [modelKey(m.connection_id, m.model_id), i]));
    positions.set(models, map);
  }
  return map;
}

/** The same frame as the click: the cache is the one source both the catalog and the pickers render. */
export function writeFavorite(queryClient: QueryClient, key: ModelKey, favorite: boolean) {
  const models = queryClient.getQueryData<CatalogModel[]>(modelKeys.catalog());
  const index = models ? positionsOf(models).get(key) : undefined;
  const model = index === undefined ? undefined : models?.[index];
  // Nothing to change (e.g. the server confirmed what the star already shows): no write, so no
  // observer renders the whole page again for nothing.
  if (!models || index === undefined || !model || model.is_favorite === favorite) return;
  void queryClient.cancelQueries({ queryKey: modelKeys.catalog() });
  const next = [...models];
  next[index] = { ...model, is_favorite: favorite, favorited_at: favorite ? new Date().toISOString() : null };
  const written = queryClient.setQueryData<CatalogModel[]>(modelKeys.catalog(), next);
  // Structural sharing may hand back another array with the same order.
  if (written) positions.set(written, positionsOf(models));
}

/** Sends each click's wanted state; the reconciler decides what the star shows (last click wins). */
class FavoriteSender {
  private readonly reconciler: FavoritesReconciler<ModelKey>;

  constructor(queryClient: QueryClient, api: ModelsApi) {
    this.reconciler = createFavoritesReconciler<ModelKey>({
      send: (key, favorite) => {
        const target = parseModelKey(key);
        if (!target) return Promise.reject(new Error('That model could not be found.'));
        // Offline, the click is held (and shown as waiting) until the network returns.
        return sendWhenOnline(
          () => api.setModelFavorite({ connectionId: target.connection_id, modelId: target.model_id, favorite }),
          (waiting) => useWaitingFavoritesStore.getState().setWaiting(key, waiting),
        );
      },
      onChange: (key, favorite) => writeFavorite(queryClient, key, favorite),
    });
  }

  toggle(model: FavoriteTarget, favorite: boolean) {
    void this.reconciler.set(modelKey(model.connection_id, model.model_id), favorite, model.is_favorite).then((outcome) => {
      const ownerId = preferencesStore.getState().ownerId;
      if (outcome.status === 'confirmed' && ownerId !== null) {
        postToOtherTabs({ type: 'favorite', ownerId, connectionId: model.connection_id, modelId: model.model_id, favorite });
      }
      if (outcome.status === 'failed') {
        toast.error(describeModelsError(outcome.error, `${model.label} could not be ${favorite ? 'added to' : 'removed from'} favorites`));
      }
    });
  }
}

const senders = new WeakMap<QueryClient, WeakMap<ModelsApi, FavoriteSender>>();

function senderFor(queryClient: QueryClient, api: ModelsApi): FavoriteSender {
  let byApi = senders.get(queryClient);
  if (!byApi) senders.set(queryClient, (byApi = new WeakMap()));
  let sender = byApi.get(api);
  if (!sender) byApi.set(api, (sender = new FavoriteSender(queryClient, api)));
  return sender;
}

/** True while a click on this star waits for the network to return. */
export function useIsFavoriteWaiting(model: Pick<CatalogModel, 'connection_id' | 'model_id'>): boolean {
  return useWaitingFavoritesStore((state) => state.waiting.has(modelKey(model.connection_id, model.model_id)));
}

/** Stars or unstars a model: optimistic, idempotent, last click wins, rollback with a toast. */
export function useToggleFavorite() {
  const queryClient = useQueryClient();
  const api = useModelsApi();
  return useCallback(
    (model: FavoriteTarget, favorite = !model.is_favorite) =>
      senderFor(queryClient, api).toggle(model, favorite),
    [queryClient, api],
  );
}
