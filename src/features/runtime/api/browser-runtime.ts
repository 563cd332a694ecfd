/**
 * The runtime for servers only this browser can reach (probe_from = browser): the runtime
 * function's protocols (the core's ollama.ts and lmstudio.ts), with requests made from here, and the outcome stored through the table (RLS applies) so the
 * user's other devices see it. The server must allow this site's origin (Ollama: OLLAMA_ORIGINS;
 * LM Studio: "Enable CORS").
 */
import { describeHttpStatus } from '@core/providers/errors.ts';
import { joinModelsUrl } from '@core/providers/url.ts';
import { lmStudioRuntime } from '@core/runtime/lmstudio.ts';
import { ollamaRuntime } from '@core/runtime/ollama.ts';
import { jsonOrNull, nativeBase, type RuntimeRequest } from '@core/runtime/request.ts';
import { changedFields, liveView, observedPatch, type RuntimePatch, type RuntimeRow } from '@core/runtime/state.ts';
import { RuntimeError, type RuntimeModel, type RuntimeServer } from '@core/runtime/types.ts';
import { BrowserRequestError } from '@/lib/errors';
import type { ActionOptions, RuntimeAction, RuntimeConnection, RuntimeSnapshot } from '../types/runtime';
import { getStoredRuntime, storeRuntime } from './stored-runtime';

const TIMEOUT_MS = 10_000;

function unreachable(connection: RuntimeConnection): BrowserRequestError {
  const host = new URL(connection.base_url).host;
  const fix = connection.adapter === 'ollama'
    ? `start Ollama with OLLAMA_ORIGINS=${window.location.origin} so it accepts this site`
    : 'turn on "Enable CORS" in LM Studio’s server settings';
  return new BrowserRequestError('unreachable', `Your browser could not reach ${host}. Check that the server is running, and ${fix}.`);
}

/** The runtime protocols' requests, made from this browser: no key (browser-probed servers have none), no SSRF guard (the user's own machine). */
function browserRequest(connection: RuntimeConnection): RuntimeRequest {
  const base = nativeBase(connection.base_url);
  return async (method, path, options = {}) => {
    const url = joinModelsUrl(base, path);
    const timeoutMs = options.timeoutMs ?? TIMEOUT_MS;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: options.body === undefined ? undefined : { 'content-type': 'application/json' },
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'TimeoutError') {
        throw new BrowserRequestError('timeout', `${url.host} did not answer within ${timeoutMs / 1000} s.`);
      }
      throw unreachable(connection);
    }
    const body = await response.text();
    if (!response.ok && !(options.acceptStatuses ?? []).includes(response.status)) {
      const described = describeHttpStatus({ status: response.status, headers: response.headers, body, url: url.href }, { keySent: false, fromBrowser: true });
      throw new RuntimeError('http_error', described.message, response.status);
    }
    return { status: response.status, json: jsonOrNull(body), body };
  };
}

function serverFor(connection: RuntimeConnection): RuntimeServer {
  const request = browserRequest(connection);
  return connection.adapter === 'ollama' ? ollamaRuntime(request) : lmStudioRuntime(request);
}

/** A protocol's refusal (its code and sentence are the runtime function's), as a failed browser request. */
async function explained<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof RuntimeError) throw new BrowserRequestError(error.code, error.message, error.httpStatus ?? 0);
    throw error;
  }
}

function list(connection: RuntimeConnection): Promise<RuntimeModel[]> {
  return explained(serverFor(connection).list());
}

function perform(connection: RuntimeConnection, action: RuntimeAction, modelId: string, options: ActionOptions): Promise<void> {
  const server = serverFor(connection);
  if (action === 'load') return explained(server.load(modelId, { keepAlive: options.keepAlive, contextLength: options.contextLength }));
  return explained(action === 'unload' ? server.unload(modelId) : server.remove(modelId));
}

async function save(connectionId: string, row: RuntimeRow | undefined, patch: RuntimePatch): Promise<RuntimeRow | undefined> {
  if (!row) return undefined;
  const diff = changedFields(row, patch);
  if (!diff) return row;
  await storeRuntime(connectionId, row.model_id, diff);
  return { ...row, ...diff, ...('runtime_status' in diff ? { runtime_status_at: new Date().toISOString() } : {}) };
}

export async function browserStatus(connection: RuntimeConnection): Promise<RuntimeSnapshot> {
  const [listed, stored] = await Promise.all([list(connection), getStoredRuntime(connection.id)]);
  const rows = new Map(stored.map((row) => [row.model_id, row]));
  const now = Date.now();
  const models = await Promise.all(
    listed.map(async (model) => {
      const row = rows.get(model.modelId);
      return liveView(model, await save(connection.id, row, observedPatch(model, row, now)), model.modelId);
    }),
  );
  return { connection_id: connection.id, checked_at: new Date(now).toISOString(), models, source: 'live' };
}

export async function browserAction(connection: RuntimeConnection, action: RuntimeAction, modelId: string, options: ActionOptions): Promise<void> {
  const stored = (await getStoredRuntime(connection.id)).find((row) => row.model_id === modelId);
  let latest = stored;
  if (action === 'load') latest = await save(connection.id, latest, { runtime_status: 'loading', runtime_error: null });
  try {
    await perform(connection, action, modelId, options);
  } catch (error) {
    if (stored) await save(connection.id, latest, { runtime_status: stored.runtime_status, runtime_error: error instanceof Error ? error.message : String(error) });
    throw error;
  }
  if (action === 'delete') {
    await save(connection.id, latest, { runtime_status: 'idle', runtime_memory_bytes: null, runtime_expires_at: null, runtime_error: null, available: false });
    return;
  }
  const listing = await list(connection).catch(() => null);
  // Without a listing, trust the server's success.
  const assumed: RuntimePatch = action === 'load' ? { runtime_status: 'running' } : { runtime_status: 'idle', runtime_memory_bytes: null, runtime_expires_at: null };
  const observed = listing ? observedPatch(listing.find((m) => m.modelId === modelId), latest, Date.now(), true) : assumed;
  await save(connection.id, latest, { ...observed, runtime_error: null });
}
