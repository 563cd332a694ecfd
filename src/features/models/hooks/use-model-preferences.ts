import { useCallback, useMemo } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { toast } from '@/components/ui/toast';
import type { CatalogModel } from '../types/catalog';
import { modelKeys } from '../api/keys';
import { useModelsApi } from '../api/models-api';
import { preferencesStore, usePreferencesStore } from '../stores/app-preferences-store';
import { postToOtherTabs } from '../stores/models-channel';
import type { PreferencesState } from '../stores/preferences-store';
import { createPreferencesSync, type PreferencesSync, type SaveOutcome } from '../stores/preferences-sync';
import type { ModelPreferencesApi, PreferenceChange } from '../types/preferences';
import { modelKey, type ModelKey } from '../utils/model-key';

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

// A model object's key, computed once: catalog objects are stable until their data changes.
const keys = new WeakMap<CatalogModel, ModelKey>();
function keyOf(model: CatalogModel): ModelKey {
  let key = keys.get(model);
  if (key === undefined) keys.set(model, (key = modelKey(model.connection_id, model.model_id)));
  return key;
}

type FlagState = Pick<PreferencesState, 'enabled' | 'pending'>;
// The catalog page and every picker ask for the same merge; the last one is shared.
let lastMerge: { catalog: CatalogModel[]; enabled: FlagState['enabled']; pending: FlagState['pending']; merged: CatalogModel[] } | null = null;
// Thousands of lookups per merge: a Map of the flags, built once per store state, beats a record.
const flagMaps = new WeakMap<FlagState['enabled'], Map<string, boolean>>();
function flagMap(enabled: FlagState['enabled']): Map<string, boolean> {
  let map = flagMaps.get(enabled);
  if (!map) flagMaps.set(enabled, (map = new Map(Object.entries(enabled))));
  return map;
}

function mergePreferences(catalog: CatalogModel[], { enabled, pending }: FlagState): CatalogModel[] {
  if (lastMerge && lastMerge.catalog === catalog && lastMerge.enabled === enabled && lastMerge.pending === pending) return lastMerge.merged;
  let changed = false;
  const flags = flagMap(enabled);
  const anyPending = Object.keys(pending).length > 0;
  const merged = catalog.map((model) => {
    const key = keyOf(model);
    const wanted = (anyPending ? pending[key]?.enabled : undefined) ?? flags.get(key) ?? model.enabled;
    if (wanted === model.enabled) return model;
    changed = true;
    return { ...model, enabled: wanted };
  });
  lastMerge = { catalog, enabled, pending, merged: changed ? merged : catalog };
  return lastMerge.merged;
}

/**
 * The catalog with the enabled flags the user sees: their pending edits first, then the synced
 * preferences, then the catalog's own flag for models discovered since. Unchanged models keep
 * their identity, so memoized rows and search keys survive a toggle.
 */
export function useCatalogWithPreferences(catalog: CatalogModel[] | undefined): CatalogModel[] {
  const enabled = usePreferencesStore((state) => state.enabled);
  const pending = usePreferencesStore((state) => state.pending);
  return useMemo(() => (catalog ? mergePreferences(catalog, { enabled, pending }) : []), [catalog, enabled, pending]);
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
