/** The account's data as a whole: an import touches every feature's data, so it refreshes everything. */
export const accountKeys = {
  all: ['account'] as const,
  export: () => [...accountKeys.all, 'export'] as const,
};
