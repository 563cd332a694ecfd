import { act, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { preferencesStore } from '../stores/app-preferences-store';
import { useCatalogWithPreferences } from '../hooks/use-model-preferences';
import { useModelCatalog } from '../hooks/use-model-catalog';
import { catalogModel, createFakeModelsApi, renderWithModelsApi } from '../testing/model-testing';
import { clearStoredModelData, ModelPreferencesProvider } from './model-preferences-provider';

const CONN = 'c0000000-0000-4000-8000-000000000001';
const models = [catalogModel({ connection_id: CONN, model_id: 'gpt-4o' }), catalogModel({ connection_id: CONN, model_id: 'o3' })];

function EnabledList() {
  const { data } = useModelCatalog();
  const shown = useCatalogWithPreferences(data);
  return <p data-testid="enabled">{shown.filter((m) => m.enabled).map((m) => m.model_id).join(',')}</p>;
}

function renderProvider(ownerId = 'user-1') {
  const fake = createFakeModelsApi(models);
  const getPreferences = vi.spyOn(fake.api, 'getModelPreferences');
  const rendered = renderWithModelsApi(
    <ModelPreferencesProvider ownerId={ownerId}>
      <EnabledList />
    </ModelPreferencesProvider>,
    fake.api,
  );
  return { ...rendered, ...fake, getPreferences };
}

describe('ModelPreferencesProvider', () => {
  afterEach(() => clearStoredModelData());

  it('loads the preferences on mount and shows the server’s flags', async () => {
    const fake = createFakeModelsApi(models);
    fake.preferences.apply(0, [{ connection_id: CONN, model_id: 'o3', enabled: false }]);
    renderWithModelsApi(
      <ModelPreferencesProvider ownerId="user-1">
        <EnabledList />
      </ModelPreferencesProvider>,
      fake.api,
    );
    expect(await screen.findByText('gpt-4o')).toBeInTheDocument();
    expect(preferencesStore.getState()).toMatchObject({ ownerId: 'user-1', revision: 1 });
  });

  it('refreshes when a stale tab regains focus, and not when it is fresh', async () => {
    const { getPreferences } = renderProvider();
    await vi.waitFor(() => expect(preferencesStore.getState().revision).toBe(0));
    const calls = getPreferences.mock.calls.length;

    act(() => void window.dispatchEvent(new Event('focus')));
    expect(getPreferences.mock.calls.length).toBe(calls);

    act(() => preferencesStore.setState({ lastSyncedAt: Date.now() - 6 * 60_000 }));
    act(() => void window.dispatchEvent(new Event('focus')));
    await vi.waitFor(() => expect(getPreferences.mock.calls.length).toBe(calls + 1));
    await vi.waitFor(() => expect(Date.now() - (preferencesStore.getState().lastSyncedAt ?? 0)).toBeLessThan(60_000));
  });

  it('never shows another person’s stored preferences, even for the first frame', () => {
    preferencesStore.setState({ ownerId: 'someone-else', revision: 9, enabled: { [`${CONN}/gpt-4o`]: false }, lastSyncedAt: Date.now() });
    renderProvider('user-1');
    expect(preferencesStore.getState()).toMatchObject({ ownerId: 'user-1', revision: null, enabled: {} });
  });
});
