import { useQuery } from '@tanstack/react-query';
import { modelCatalogQueryOptions } from '../api/get-model-catalog';
import { useModelsApi } from '../api/models-api';
import { useModelsOwner } from './use-models-owner';

/** The catalog shared by the catalog page and every picker: one query, one cache entry. */
export function useModelCatalog() {
  const api = useModelsApi();
  const ownerId = useModelsOwner();
  return useQuery(modelCatalogQueryOptions(api.getModelCatalog, ownerId));
}
