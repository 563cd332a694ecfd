import type { Database } from '@/lib/database.types';

export type CatalogRow = Database['public']['Views']['model_catalog']['Row'];

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
