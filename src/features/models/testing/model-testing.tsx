import type { ReactElement } from 'react';
import { Toaster } from 'sonner';
import { vi } from 'vitest';
import type { CatalogModel } from '../types/catalog';
import { ModelsApiProvider, type ModelsApi } from '../api/models-api';
import { FakePreferencesServer } from './fake-preferences-server';
import { renderWithProviders } from '@/testing/test-utils';

export function catalogModel(patch: Partial<CatalogModel> & { model_id: string }): CatalogModel {
  return {
    owner_id: 'u', connection_id: 'c1', label: patch.display_name ?? patch.model_id, display_name: null, context_length: null, capabilities: ['chat'],
    prompt_price_per_mtok: null, completion_price_per_mtok: null, size_bytes: null, family: null, quantization: null, parameter_size: null,
    available: true, enabled: true, first_seen_at: null, last_seen_at: null, runtime_status: null, runtime_status_at: null, last_used_at: null,
    request_count: null, connection_name: 'OpenAI', connection_kind: 'openai', connection_category: 'cloud', connection_enabled: true,
    is_favorite: false, favorited_at: null, ...patch,
  };
}

interface Deferred {
  input: { connectionId: string; modelId: string; favorite: boolean };
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * An in-memory server: star calls stay pending until the test settles them, in any order;
 * preferences behave like the RPCs (revisions, PT409), see FakePreferencesServer.
 */
export function createFakeModelsApi(models: CatalogModel[]) {
  const favoriteCalls: Deferred[] = [];
  const preferences = new FakePreferencesServer(models.map(({ connection_id, model_id, enabled }) => ({ connection_id, model_id, enabled })));
  const api: ModelsApi = {
    getModelCatalog: () => Promise.resolve(models),
    setModelFavorite: (input) =>
      new Promise<boolean>((resolve, reject) => {
        favoriteCalls.push({ input, resolve: () => resolve(input.favorite), reject });
      }),
    addFavorites: (refs) => Promise.resolve([...refs]),
    getKeyChanges: () => Promise.resolve([]),
    getModelPreferences: () => preferences.getModelPreferences(),
    saveModelPreferences: (revision, changes) => preferences.saveModelPreferences(revision, changes),
  };
  return { api, favoriteCalls, preferences };
}

export function renderWithModelsApi(ui: ReactElement, api: ModelsApi) {
  return renderWithProviders(
    <ModelsApiProvider api={api}>
      {ui}
      <Toaster />
    </ModelsApiProvider>,
  );
}

/** jsdom lays nothing out; a virtualized list needs a viewport to render its rows. Restored after each test. */
export function giveElementsASize(height = 320) {
  vi.spyOn(Element.prototype, 'clientHeight', 'get').mockReturnValue(height);
  vi.spyOn(Element.prototype, 'clientWidth', 'get').mockReturnValue(320);
  vi.spyOn(HTMLElement.prototype, 'offsetHeight', 'get').mockReturnValue(height);
  vi.spyOn(HTMLElement.prototype, 'offsetWidth', 'get').mockReturnValue(320);
  vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockReturnValue({ x: 0, y: 0, top: 0, left: 0, bottom: height, right: 320, width: 320, height, toJSON: () => ({}) });
}
