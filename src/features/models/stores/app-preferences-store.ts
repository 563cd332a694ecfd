import { useStore } from 'zustand';
import { createPreferencesStore, type PreferencesState } from './preferences-store';

/**
 * This tab's preferences store, persisted in localStorage. Kept apart from the factory so code that
 * runs outside a browser (the integration suite drives the sync engine from Node) never touches
 * localStorage by importing the store's definition.
 */
export const preferencesStore = createPreferencesStore();

export function usePreferencesStore<T>(selector: (state: PreferencesState) => T): T {
  return useStore(preferencesStore, selector);
}
