import { useEffect, useRef } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { connectionKeys } from '../api/keys';
import { refreshModels } from '../api/refresh-models';
import type { Connection, ProviderKind } from '../types/connections';

/** A model list older than this is fetched again when its connection's page opens. */
export const MODELS_STALE_AFTER_MS = 24 * 60 * 60 * 1000;

export function modelsAreStale(refreshedAt: string | null, now: number = Date.now()): boolean {
  if (!refreshedAt) return true;
  const time = Date.parse(refreshedAt);
  return Number.isNaN(time) || now - time > MODELS_STALE_AFTER_MS;
}

/**
 * Refreshes an enabled connection's models once, quietly, when the list is stale (or was never
 * fetched); the page shows the outcome through its status and model list, not a toast.
 */
export function useRefreshWhenStale(connection: Connection, kind: ProviderKind | undefined) {
  const queryClient = useQueryClient();
  const attempted = useRef<string | null>(null);
  const stale = connection.enabled && modelsAreStale(connection.models_refreshed_at);
  useEffect(() => {
    if (!stale || !kind || attempted.current === connection.id) return;
    attempted.current = connection.id;
    void refreshModels({ connection, kind })
      .catch(() => undefined)
      .then(() => queryClient.invalidateQueries({ queryKey: connectionKeys.all }));
    // Only the id and staleness decide; the rest of the row changes with every refetch.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [connection.id, stale, kind, queryClient]);
}
