/** Query keys of the runtime feature, general -> specific. */
export const runtimeKeys = {
  all: ['runtime'] as const,
  connections: () => [...runtimeKeys.all, 'connections'] as const,
  status: (connectionId: string) => [...runtimeKeys.all, 'status', connectionId] as const,
  stored: (connectionId: string) => [...runtimeKeys.all, 'stored', connectionId] as const,
};

export const presetKeys = {
  all: ['presets'] as const,
  list: () => [...presetKeys.all, 'list'] as const,
};
