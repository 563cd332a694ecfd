import { queryOptions } from '@tanstack/react-query';
import type { Database } from '@/lib/database.types';
import { fetchAllRows } from '@/lib/fetch-all-rows';
import { supabase } from '@/lib/supabase';
import { readCatalogSnapshot } from '../stores/catalog-snapshot';
import { modelKeys } from './keys';

type CatalogRow = Database['public']['Views']['model_catalog']['Row'];

/**
 * One row of the catalog. Views make every column nullable in the generated types; these columns are
 * never null in model_catalog (primary key, coalesce, booleans with defaults), so they are narrowed once here.
 */
export type CatalogModel = Omit<CatalogRow, 'connection_id' | 'model_id' | 'label' | 'connection_name' | 'connection_kind' | 'available' | 'enabled' | 'is_favorite' | 'connection_enabled' | 'capabilities'> & {
  connection_id: string;
  model_id: string;
  label: string;
  connection_name: string;
  connection_kind: string;
  available: boolean;
  enabled: boolean;
  is_favorite: boolean;
  connection_enabled: boolean;
  capabilities: string[];
};

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

