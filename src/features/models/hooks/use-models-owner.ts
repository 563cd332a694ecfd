import { createContext, useContext } from 'react';

/** The signed-in user the models views belong to; null outside ModelPreferencesProvider. */
export const ModelsOwnerContext = createContext<string | null>(null);

export function useModelsOwner(): string | null {
  return useContext(ModelsOwnerContext);
}
