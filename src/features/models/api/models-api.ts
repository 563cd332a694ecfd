import { createContext, createElement, useContext, type ReactNode } from 'react';
import { getModelCatalog, type CatalogModel } from './get-model-catalog';
import { setModelEnabled, type SetModelEnabledInput } from './set-model-enabled';
import { setModelFavorite, type SetModelFavoriteInput } from './set-model-favorite';

/**
 * The server calls the models UI makes, behind one seam: the app uses the Supabase implementation,
 * tests inject a fake (with its own timing and failures) instead of mocking the Supabase client.
 */
export interface ModelsApi {
  getModelCatalog(signal?: AbortSignal): Promise<CatalogModel[]>;
  setModelFavorite(input: SetModelFavoriteInput): Promise<boolean>;
  setModelEnabled(input: SetModelEnabledInput): Promise<void>;
}

export const supabaseModelsApi: ModelsApi = { getModelCatalog, setModelFavorite, setModelEnabled };

const ModelsApiContext = createContext<ModelsApi>(supabaseModelsApi);

export function ModelsApiProvider({ api, children }: { api: ModelsApi; children: ReactNode }) {
  return createElement(ModelsApiContext.Provider, { value: api }, children);
}

export function useModelsApi(): ModelsApi {
  return useContext(ModelsApiContext);
}
