import { createContext, createElement, useContext, type ReactNode } from 'react';
import { supabase } from '@/lib/supabase';
import type { CatalogModel } from '../types/catalog';
import type { ModelPreferencesApi } from '../types/preferences';
import type { ModelRef } from '../utils/model-key';
import { addFavorites } from './add-favorites';
import { getKeyChanges, type KeyChange } from './get-key-changes';
import { getModelCatalog } from './get-model-catalog';
import { createModelPreferencesApi } from './model-preferences';
import { setModelFavorite, type SetModelFavoriteInput } from './set-model-favorite';

/**
 * The server calls the models UI makes, behind one seam: the app uses the Supabase implementation,
 * tests inject a fake (with its own timing and failures) instead of mocking the Supabase client.
 */
export interface ModelsApi extends ModelPreferencesApi {
  getModelCatalog(signal?: AbortSignal): Promise<CatalogModel[]>;
  setModelFavorite(input: SetModelFavoriteInput): Promise<boolean>;
  /** Stars every listed model; returns those that were not starred before. */
  addFavorites(models: readonly ModelRef[]): Promise<ModelRef[]>;
  getKeyChanges(signal?: AbortSignal): Promise<KeyChange[]>;
}

export const supabaseModelsApi: ModelsApi = {
  getModelCatalog,
  setModelFavorite,
  addFavorites,
  getKeyChanges,
  ...createModelPreferencesApi(supabase),
};

const ModelsApiContext = createContext<ModelsApi>(supabaseModelsApi);

export function ModelsApiProvider({ api, children }: { api: ModelsApi; children: ReactNode }) {
  return createElement(ModelsApiContext.Provider, { value: api }, children);
}

export function useModelsApi(): ModelsApi {
  return useContext(ModelsApiContext);
}
