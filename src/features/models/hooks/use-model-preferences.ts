import { useCallback, useMemo } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { toast } from '@/components/ui/toast';
import type { CatalogModel } from '../api/get-model-catalog';
import { modelKeys } from '../api/keys';
import { useModelsApi } from '../api/models-api';
import { preferencesStore, usePreferencesStore } from '../stores/app-preferences-store';
import { postToOtherTabs } from '../stores/models-channel';
import { selectIsEnabled } from '../stores/preferences-store';
import { createPreferencesSync, type PreferencesSync, type SaveOutcome } from '../stores/preferences-sync';
import type { ModelPreferencesApi, PreferenceChange } from '../types/preferences';
import { modelKey } from '../utils/model-key';

// One sync engine per API (the app has one; tests inject their own), so saves from every component
// of this tab queue behind each other and never conflict with themselves.
const engines = new WeakMap<ModelPreferencesApi, PreferencesSync>();

export function preferencesSyncFor(api: ModelPreferencesApi): PreferencesSync {
  let engine = engines.get(api);
  if (!engine) {
    engine = createPreferencesSync({ api, store: preferencesStore, onSynced: (preferences) => postToOtherTabs({ type: 'preferences', preferences }) });
    engines.set(api, engine);
  }
  return engine;
}

/** Pulls preferences and the catalog from the server (the sync badge's refresh, focus when stale). */
export function useResyncModels() {
  const api = useModelsApi();
  const queryClient = useQueryClient();
  return useCallback(async () => {
    const [preferences] = await Promise.all([preferencesSyncFor(api).refresh(), queryClient.invalidateQueries({ queryKey: modelKeys.all })]);
    return preferences;
  }, [api, queryClient]);
}

/**
 * The catalog with the enabled flags the user sees: their pending edits first, then the synced
 * preferences, then the catalog's own flag for models discovered since. Unchanged models keep
 * their identity, so memoized rows and search keys survive a toggle.
 */
export function useCatalogWithPreferences(catalog: CatalogModel[] | undefined): CatalogModel[] {
  const enabled = usePreferencesStore((state) => state.enabled);
  const pending = usePreferencesStore((state) => state.pending);
  return useMemo(() => {
    if (!catalog) return [];
    const state = { enabled, pending };
    let changed = false;
    const merged = catalog.map((model) => {
      const wanted = selectIsEnabled(state, model.connection_id, model.model_id, model.enabled);
      if (wanted === model.enabled) return model;
      changed = true;
      return { ...model, enabled: wanted };
    });
    return changed ? merged : catalog;
  }, [catalog, enabled, pending]);
}

export function useIsPreferencePending(model: Pick<CatalogModel, 'connection_id' | 'model_id'>): boolean {
  return usePreferencesStore((state) => modelKey(model.connection_id, model.model_id) in state.pending);
}

function reportOutcome(outcome: SaveOutcome, failure: string) {
  if (!outcome.ok) {
    toast.error(failure, outcome.message);
    return;
  }
  if (outcome.replaced.length > 0) {
    const names = outcome.replaced.map((change) => change.model_id);
    const shown = names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
    toast.info(
      'Your change replaced one made on another device',
      `${shown} had just been changed elsewhere; your choice was kept. Refresh on the other device to see it.`,
    );
  }
}

/**
 * Saves enabled flags: optimistic at once, through the atomic RPC with the expected revision,
 * rolled back with a toast on failure. `failure` starts the toast ("gpt-4o could not be disabled").
 */
export function useSetModelsEnabled() {
  const api = useModelsApi();
  return useCallback(
    async (changes: readonly PreferenceChange[], failure: string): Promise<SaveOutcome | null> => {
      if (changes.length === 0) return null;
      const outcome = await preferencesSyncFor(api).setEnabled(changes);
      reportOutcome(outcome, failure);
      return outcome;
    },
    [api],
  );
}
