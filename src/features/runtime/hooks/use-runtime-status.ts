import { useQuery } from '@tanstack/react-query';
import { runtimeKeys } from '../api/keys';
import { useRuntimeApi } from '../api/runtime-api';
import type { RuntimeConnection } from '../types/runtime';
import { nextPollDelay } from '../utils/polling';

/**
 * The live status of one server's models, polled while the page is open and visible (every 5 s,
 * backing off while the server is unreachable). When it cannot be reached, `stored` holds what was
 * last recorded, so the page still shows the last known status, marked as such.
 */
export function useRuntimeStatus(connection: RuntimeConnection) {
  const api = useRuntimeApi();
  const live = useQuery({
    queryKey: runtimeKeys.status(connection.id),
    queryFn: ({ signal }) => api.status(connection, signal),
    refetchInterval: (query) => nextPollDelay(query.state.fetchFailureCount),
    // Hidden tabs do not poll; the status is fetched again when the tab is shown.
    refetchIntervalInBackground: false,
    refetchOnWindowFocus: true,
    retry: false,
    staleTime: 0,
    enabled: connection.enabled,
  });
  const stored = useQuery({
    queryKey: runtimeKeys.stored(connection.id),
    queryFn: ({ signal }) => api.stored(connection, signal),
    enabled: live.isError || !connection.enabled,
  });
  return { live, stored };
}
