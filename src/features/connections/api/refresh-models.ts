import { useMutation, useQueryClient } from '@tanstack/react-query';
import { toast } from '@/components/ui/toast';
import type { Connection, ProviderKind } from '../types/connections';
import { invokeFunction } from '@/lib/edge-functions';
import { BrowserRequestError, describeError } from '@/lib/errors';
import { plural } from '@/lib/format';
import { connectionKeys } from './keys';
import { runBrowserCheck } from './run-browser-check';

export interface RefreshModelsInput {
  connection: Connection;
  kind: ProviderKind;
}

export interface RefreshModelsResult {
  available: number;
  added: number;
  markedUnavailable: number;
}

interface DiscoveryResponse {
  added: number;
  updated: number;
  marked_unavailable: number;
  available: number;
}

/**
 * Fetches the connection's model list again: the discovery function for server-probed connections,
 * this browser for the others (which also records the check, as the server does on failure).
 */
export async function refreshModels({ connection, kind }: RefreshModelsInput): Promise<RefreshModelsResult> {
  if (connection.probe_from === 'browser') {
    const result = await runBrowserCheck(connection, kind);
    if (result.modelCount === null || result.modelCount === undefined) {
      throw new BrowserRequestError(result.errorCode ?? 'unknown', result.error ?? 'The server did not list its models.');
    }
    return { available: result.modelCount, added: 0, markedUnavailable: 0 };
  }
  const body = await invokeFunction<DiscoveryResponse>('discovery', { body: { connection_id: connection.id } });
  return { available: body.available, added: body.added, markedUnavailable: body.marked_unavailable };
}

export function useRefreshModels() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: refreshModels,
    onSuccess: (result, { connection }) => {
      const changes = [result.added > 0 ? `${result.added} new` : null, result.markedUnavailable > 0 ? `${result.markedUnavailable} no longer listed` : null].filter(Boolean);
      toast.success(`“${connection.name}” lists ${plural(result.available, 'model')}`, changes.length ? `${changes.join(', ')}.` : undefined);
    },
    onError: (error, { connection }) => toast.error(describeError(error, `The models of “${connection.name}” could not be refreshed`)),
    onSettled: (_result, _error, { connection }) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: connectionKeys.detail(connection.id) }),
        queryClient.invalidateQueries({ queryKey: connectionKeys.lists() }),
        queryClient.invalidateQueries({ queryKey: connectionKeys.recentHealth() }),
      ]),
  });
}
