/**
 * Query keys for everything the connections feature reads, general -> specific, so one
 * invalidation of `connectionKeys.all` refreshes every view of connections after a change.
 */
export const connectionKeys = {
  all: ['connections'] as const,
  lists: () => [...connectionKeys.all, 'list'] as const,
  details: () => [...connectionKeys.all, 'detail'] as const,
  detail: (id: string) => [...connectionKeys.details(), id] as const,
  models: (id: string) => [...connectionKeys.detail(id), 'models'] as const,
  healthHistory: (id: string) => [...connectionKeys.detail(id), 'health'] as const,
  audit: (id: string) => [...connectionKeys.detail(id), 'audit'] as const,
  /** Which connections have a stored key (connection_keys: hints only). */
  keys: () => [...connectionKeys.all, 'keys'] as const,
  /** The latest checks of every connection, for the dashboard's sparklines. */
  recentHealth: () => [...connectionKeys.all, 'recent-health'] as const,
};

export const providerKindKeys = {
  all: ['provider-kinds'] as const,
};

export const serverConfigKeys = {
  all: ['server-config'] as const,
};
