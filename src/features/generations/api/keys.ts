import type { GenerationFilters } from '../types/generations';

/** Query keys, general -> specific: invalidating `generationKeys.all` refreshes every list. */
export const generationKeys = {
  all: ['generations'] as const,
  lists: () => [...generationKeys.all, 'list'] as const,
  list: (filters: GenerationFilters) => [...generationKeys.lists(), filters] as const,
  hearts: () => [...generationKeys.all, 'hearts'] as const,
  connections: () => [...generationKeys.all, 'connections'] as const,
  presets: () => [...generationKeys.all, 'presets'] as const,
};

export const collectionKeys = {
  all: ['collections'] as const,
  list: () => [...collectionKeys.all, 'list'] as const,
  detail: (id: string) => [...collectionKeys.all, 'detail', id] as const,
  memberships: (generationId: string) => [...collectionKeys.all, 'memberships', generationId] as const,
};
