import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ServerConfig } from '../types/connections';
import { serverConfigKeys } from './keys';
import { invokeFunction } from '@/lib/edge-functions';

interface ServerConfigResponse {
  server_keys?: Record<string, boolean>;
  allow_private_endpoints?: boolean;
  lockbox_available?: boolean;
}

export const UNKNOWN_SERVER_CONFIG: ServerConfig = { serverKeys: {}, allowPrivateEndpoints: false, lockboxAvailable: null, available: false };

/**
 * What the deployment provides. Not knowing is not an error worth a toast: the page then shows
 * "No key" where it cannot tell, and offers browser checks for private addresses.
 */
export async function getServerConfig(signal?: AbortSignal): Promise<ServerConfig> {
  try {
    const body = await invokeFunction<ServerConfigResponse>('server-config', { method: 'GET', signal });
    return {
      serverKeys: body.server_keys ?? {},
      allowPrivateEndpoints: body.allow_private_endpoints === true,
      lockboxAvailable: typeof body.lockbox_available === 'boolean' ? body.lockbox_available : null,
      available: true,
    };
  } catch (error) {
    if (signal?.aborted) throw error;
    return UNKNOWN_SERVER_CONFIG;
  }
}

export const serverConfigQueryOptions = () =>
  queryOptions({
    queryKey: serverConfigKeys.all,
    queryFn: ({ signal }) => getServerConfig(signal),
    staleTime: 5 * 60 * 1000,
  });

export function useServerConfig() {
  return useQuery(serverConfigQueryOptions());
}
