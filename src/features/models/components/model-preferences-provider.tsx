import { useEffect, useState, type ReactNode } from 'react';
import { hashKey, useQueryClient } from '@tanstack/react-query';
import { describeSyncStatus } from '@/lib/sync-status';
import type { CatalogModel } from '../types/catalog';
import { modelKeys } from '../api/keys';
import { useModelsApi } from '../api/models-api';
import { preferencesSyncFor, useResyncModels } from '../hooks/use-model-preferences';
import { writeFavorite } from '../hooks/use-toggle-favorite';
import { preferencesStore } from '../stores/app-preferences-store';
import { clearCatalogSnapshot, saveCatalogSnapshot } from '../stores/catalog-snapshot';
import { subscribeToOtherTabs } from '../stores/models-channel';
import { modelKey } from '../utils/model-key';
import { ModelsOwnerContext } from '../hooks/use-models-owner';


// Writing the snapshot serializes the whole catalog: once things settle, not on every star.
const SNAPSHOT_DELAY_MS = 1_000;

/**
 * Keeps this tab's model data in step for one signed-in user: paints the stored preferences and
 * catalog at once, syncs with the server on mount, again when a stale tab regains focus, and takes
 * in what the browser's other tabs confirm. Mount once, around everything signed in.
 */
export function ModelPreferencesProvider({ ownerId, children }: { ownerId: string; children: ReactNode }) {
  const api = useModelsApi();
  const queryClient = useQueryClient();
  const resync = useResyncModels();
  // Before any child renders, so nothing ever paints another person's stored preferences.
  useState(() => preferencesStore.getState().bindOwner(ownerId));

  useEffect(() => {
    preferencesStore.getState().bindOwner(ownerId);
    void preferencesSyncFor(api).refresh();
  }, [api, ownerId]);

  useEffect(() => {
    const refreshIfStale = () => {
      if (document.visibilityState !== 'visible') return;
      const { lastSyncedAt, refreshing } = preferencesStore.getState();
      if (!refreshing && describeSyncStatus(lastSyncedAt, Date.now()).freshness === 'stale') void resync();
    };
    window.addEventListener('focus', refreshIfStale);
    document.addEventListener('visibilitychange', refreshIfStale);
    return () => {
      window.removeEventListener('focus', refreshIfStale);
      document.removeEventListener('visibilitychange', refreshIfStale);
    };
  }, [resync]);

  useEffect(
    () =>
      subscribeToOtherTabs((message) => {
        if (message.type === 'preferences') preferencesStore.getState().receiveSynced(message.preferences);
        else if (message.ownerId === ownerId) writeFavorite(queryClient, modelKey(message.connectionId, message.modelId), message.favorite);
      }),
    [ownerId, queryClient],
  );

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = queryClient.getQueryCache().subscribe((event) => {
      if (event.type !== 'updated' || event.query.queryHash !== catalogHash) return;
      clearTimeout(timer);
      timer = setTimeout(() => {
        const { data, dataUpdatedAt } = event.query.state as { data: CatalogModel[] | undefined; dataUpdatedAt: number };
        if (data) saveCatalogSnapshot(ownerId, data, dataUpdatedAt);
      }, SNAPSHOT_DELAY_MS);
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, [ownerId, queryClient]);

  return <ModelsOwnerContext.Provider value={ownerId}>{children}</ModelsOwnerContext.Provider>;
}

const catalogHash = hashKey(modelKeys.catalog());

/** Forgets what this browser stored of the models views: on sign-out, before the next person. */
export function clearStoredModelData(): void {
  preferencesStore.getState().bindOwner(null);
  clearCatalogSnapshot();
}
