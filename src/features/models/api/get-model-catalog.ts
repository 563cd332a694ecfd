import { queryOptions } from '@tanstack/react-query';
import { fetchAllRows } from '@/lib/fetch-all-rows';
import { supabase } from '@/lib/supabase';
import { readCatalogSnapshot } from '../stores/catalog-snapshot';
import type { CatalogModel, CatalogRow } from '../types/catalog';
import { modelKeys } from './keys';

export function toCatalogModel(row: CatalogRow): CatalogModel {
  return {
    ...row,
    connection_id: row.connection_id ?? '',
    model_id: row.model_id ?? '',
    label: row.label ?? row.model_id ?? '',
    connection_name: row.connection_name ?? '',
    connection_kind: row.connection_kind ?? '',
    available: row.available ?? false,
    enabled: row.enabled ?? false,
    is_favorite: row.is_favorite ?? false,
    connection_enabled: row.connection_enabled ?? false,
    capabilities: row.capabilities ?? [],
  };
}

/** Every model of the caller's connections; RLS scopes the view to the caller. */
export async function getModelCatalog(signal?: AbortSignal): Promise<CatalogModel[]> {
  const rows = await fetchAllRows<CatalogRow>((from, to) => {
    // A total order, so pages never skip or repeat a row.
    let query = supabase.from('model_catalog').select('*').order('connection_id').order('model_id').range(from, to);
    if (signal) query = query.abortSignal(signal);
    return query;
  });
  return rows.map(toCatalogModel);
}

/**
 * With an owner, the last catalog this browser saw paints at once (initialData with its real age,
 * so React Query refetches it straight away when older than the stale time).
 */
export const modelCatalogQueryOptions = (fetchCatalog: (signal?: AbortSignal) => Promise<CatalogModel[]> = getModelCatalog, ownerId: string | null = null) =>
  queryOptions({
    queryKey: modelKeys.catalog(),
    queryFn: ({ signal }) => fetchCatalog(signal),
    // Functions: read only when the query is created, not on every render.
    initialData: () => (ownerId === null ? undefined : readCatalogSnapshot(ownerId)?.models),
    initialDataUpdatedAt: () => (ownerId === null ? undefined : readCatalogSnapshot(ownerId)?.savedAt),
  });

