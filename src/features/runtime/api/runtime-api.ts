import { createContext, createElement, useContext, type ReactNode } from 'react';
import { lastKnownView } from '@core/runtime/state.ts';
import { FunctionError, invokeFunction } from '@/lib/edge-functions';
import type { ActionOptions, RuntimeAction, RuntimeConnection, RuntimeModelView, RuntimeSnapshot } from '../types/runtime';
import { browserAction, browserStatus } from './browser-runtime';
import { getStoredRuntime } from './stored-runtime';

/**
 * How the runtime page talks to a server: through the runtime Edge Function, or from this browser
 * for servers only it can reach. Behind one seam so component tests inject a fake.
 */
export interface RuntimeApi {
  status(connection: RuntimeConnection, signal?: AbortSignal): Promise<RuntimeSnapshot>;
  /** What was stored when the server was last seen (for when it cannot be reached now). */
  stored(connection: RuntimeConnection, signal?: AbortSignal): Promise<RuntimeModelView[]>;
  act(connection: RuntimeConnection, action: RuntimeAction, modelId: string, options?: ActionOptions): Promise<void>;
}

/**
 * The runtime function's status answer. A server it cannot reach is a successful read for the
 * function (200, `reachable: false`, the reason and the last known statuses).
 */
type StatusAnswer = Omit<RuntimeSnapshot, 'source'> & { reachable?: boolean; error?: { code: string; message: string } };

export const supabaseRuntimeApi: RuntimeApi = {
  async status(connection, signal) {
    if (connection.probe_from === 'browser') return browserStatus(connection);
    const body = await invokeFunction<StatusAnswer>('runtime', { body: { connection_id: connection.id, action: 'status' }, signal });
    // For the page it is still a failed poll: it shows the reason and the stored statuses, marked as
    // last known, and backs off until the server answers again.
    if (body.reachable === false) {
      throw new FunctionError('runtime', 200, body.error?.code ?? 'unreachable', body.error?.message ?? 'The server did not answer.');
    }
    const { reachable: _reachable, error: _error, ...snapshot } = body;
    return { ...snapshot, source: 'live' };
  },
  async stored(connection, signal) {
    return (await getStoredRuntime(connection.id, signal)).map(lastKnownView);
  },
  async act(connection, action, modelId, options = {}) {
    if (connection.probe_from === 'browser') return browserAction(connection, action, modelId, options);
    await invokeFunction('runtime', {
      body: {
        connection_id: connection.id,
        action,
        model_id: modelId,
        ...(options.keepAlive ? { keep_alive: options.keepAlive } : {}),
        ...(options.contextLength ? { context_length: options.contextLength } : {}),
      },
    });
  },
};

const RuntimeApiContext = createContext<RuntimeApi>(supabaseRuntimeApi);

export function RuntimeApiProvider({ api, children }: { api: RuntimeApi; children: ReactNode }) {
  return createElement(RuntimeApiContext.Provider, { value: api }, children);
}

export function useRuntimeApi(): RuntimeApi {
  return useContext(RuntimeApiContext);
}
