import { notifyManager, QueryClient, type DefaultOptions } from '@tanstack/react-query';

// React Query tells components about cache changes in a later task (setTimeout 0) by default,
// which lets the browser render a frame or two first: an optimistic star then shows up to a frame
// late. A microtask still batches every change made in one task, and the view updates in the same
// task as the click.
notifyManager.setScheduler(queueMicrotask);

/** HTTP status of an error from supabase-js or fetch, when it has one. */
function statusOf(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && 'status' in error) {
    const status = (error as { status: unknown }).status;
    if (typeof status === 'number') return status;
  }
  return undefined;
}

/** Retrying a request the server refused (4xx) only delays the error a person needs to see. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  const status = statusOf(error);
  if (status !== undefined && status >= 400 && status < 500) return false;
  return failureCount < 2;
}

export const queryConfig = {
  queries: {
    staleTime: 30_000,
    retry: shouldRetry,
  },
  mutations: {
    retry: false,
  },
} satisfies DefaultOptions;

export function createQueryClient(): QueryClient {
  return new QueryClient({ defaultOptions: queryConfig });
}
