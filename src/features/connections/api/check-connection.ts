import { useMutation, useQueryClient } from '@tanstack/react-query';
import { toast } from '@/components/ui/toast';
import type { CheckResult, Connection, ProviderKind } from '../types/connections';
import { describeError } from '@/lib/errors';
import { checkOnServer } from './check-on-server';
import { invokeFunction } from '@/lib/edge-functions';
import { connectionKeys } from './keys';
import { runBrowserCheck } from './run-browser-check';

export interface CheckConnectionInput {
  connection: Connection;
  kind: ProviderKind;
}

/** "Check now" for one connection: from this browser or through the health function. */
export async function checkConnection({ connection, kind }: CheckConnectionInput): Promise<CheckResult> {
  if (connection.probe_from === 'browser') return runBrowserCheck(connection, kind);
  const [result] = await checkOnServer([connection.id]);
  if (!result) throw new Error('the server skipped it. Reload the page and try again');
  return result;
}

export function useCheckConnection() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: checkConnection,
    onSuccess: (result, { connection }) => {
      if (result.status === 'healthy') toast.success(`“${connection.name}” is healthy`);
      else if (result.error) toast.error(`“${connection.name}” is ${result.status}`, result.error);
    },
    onError: (error, { connection }) => toast.error(describeError(error, `“${connection.name}” could not be checked`)),
    onSettled: (_result, _error, { connection }) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: connectionKeys.detail(connection.id) }),
        queryClient.invalidateQueries({ queryKey: connectionKeys.lists() }),
        queryClient.invalidateQueries({ queryKey: connectionKeys.recentHealth() }),
      ]),
  });
}

/**
 * The first look at a new (or re-pointed) connection: its health and its models, without toasts;
 * the list shows the outcome. Server-probed connections need both functions (health records the
 * check, discovery stores the models); a browser probe does both at once.
 */
export async function initialCheck({ connection, kind }: CheckConnectionInput): Promise<void> {
  if (connection.probe_from === 'browser') {
    await runBrowserCheck(connection, kind).catch(() => undefined);
    return;
  }
  await Promise.allSettled([checkOnServer([connection.id]), invokeFunction('discovery', { body: { connection_id: connection.id } })]);
}
