/** Query keys of the models feature, general -> specific: invalidating `modelKeys.all` refreshes every view. */
export const modelKeys = {
  all: ['models'] as const,
  catalog: () => [...modelKeys.all, 'catalog'] as const,
  /** When connection keys last changed: a changed key can list other models, worth a refresh. */
  keyChanges: () => [...modelKeys.all, 'key-changes'] as const,
};
