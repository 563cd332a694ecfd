/**
 * The runtime for servers only this browser can reach (probe_from = browser): the same calls the
 * runtime function makes, from here, and the outcome stored through the table (RLS applies) so the
 * user's other devices see it. The server must allow this site's origin (Ollama: OLLAMA_ORIGINS;
 * LM Studio: "Enable CORS").
 */
import { FunctionError } from '@/lib/edge-functions';
import type { ActionOptions, RuntimeAction, RuntimeConnection, RuntimeSnapshot } from '../types/runtime';
import { changedFields, observedPatch, viewOf, type ListedModel, type RuntimePatch } from '../utils/runtime-merge';
import { getStoredRuntime, storeRuntime, type StoredRuntimeRow } from './stored-runtime';

const LOAD_TIMEOUT_MS = 120_000;
const TIMEOUT_MS = 10_000;

function nativeBase(baseUrl: string): string {
  const url = new URL(baseUrl);
  url.pathname = url.pathname.replace(/\/(v1|api\/v0|api\/v1|api)\/?$/, '/');
  return url.href.replace(/\/$/, '');
}

function unreachable(connection: RuntimeConnection): FunctionError {
  const host = new URL(connection.base_url).host;
  const fix = connection.adapter === 'ollama'
    ? `start Ollama with OLLAMA_ORIGINS=${window.location.origin} so it accepts this site`
    : 'turn on "Enable CORS" in LM Studio’s server settings';
  return new FunctionError('runtime', 0, 'unreachable', `Your browser could not reach ${host}. Check that the server is running, and ${fix}.`);
}

async function call(connection: RuntimeConnection, method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, timeoutMs = TIMEOUT_MS): Promise<{ status: number; json: unknown }> {
  let response: Response;
  try {
    response = await fetch(`${nativeBase(connection.base_url)}${path}`, {
      method,
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'TimeoutError') {
      throw new FunctionError('runtime', 0, 'timeout', `${new URL(connection.base_url).host} did not answer within ${timeoutMs / 1000} s.`);
    }
    throw unreachable(connection);
  }
  const text = await response.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: response.status, json };
}

function said(json: unknown): string | undefined {
  const error = (json as { error?: unknown } | null)?.error;
  if (typeof error === 'string') return error;
  if (error && typeof error === 'object' && typeof (error as { message?: unknown }).message === 'string') return (error as { message: string }).message;
  return undefined;
}

function refuse(connection: RuntimeConnection, action: string, modelId: string, response: { status: number; json: unknown }): FunctionError {
  const reason = said(response.json) ?? `HTTP ${response.status}`;
  const server = connection.kind_label;
  if (response.status === 404) return new FunctionError('runtime', 404, 'not_found', `${server} does not have ${modelId} (${reason}). Refresh the list: it may have been removed.`);
  return new FunctionError('runtime', response.status, action === 'load' ? 'load_failed' : 'http_error', `${server} could not ${action} ${modelId}: ${reason}.`);
}

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);
const count = (value: unknown) => (typeof value === 'number' && value > 0 ? value : null);

async function list(connection: RuntimeConnection): Promise<ListedModel[]> {
  if (connection.adapter === 'ollama') {
    const [tags, ps] = await Promise.all([call(connection, 'GET', '/api/tags'), call(connection, 'GET', '/api/ps')]);
    if (tags.status !== 200) throw refuse(connection, 'list', 'its models', tags);
    const running = new Map(((ps.json as { models?: Record<string, unknown>[] })?.models ?? []).map((m) => [String(m.name ?? m.model), m]));
    return ((tags.json as { models?: Record<string, unknown>[] })?.models ?? []).map((m) => {
      const details = (m.details ?? {}) as Record<string, unknown>;
      const loaded = running.get(String(m.name));
      return {
        model_id: String(m.name),
        size_bytes: count(m.size),
        family: text(details.family),
        parameter_size: text(details.parameter_size),
        quantization: text(details.quantization_level),
        loaded: loaded !== undefined,
        memory_bytes: loaded ? count(loaded.size_vram) ?? count(loaded.size) : null,
        expires_at: loaded ? text(loaded.expires_at) : null,
        context_length: null,
      };
    });
  }
  const response = await call(connection, 'GET', '/api/v1/models');
  if (response.status === 404) throw new FunctionError('runtime', 422, 'unsupported', 'This LM Studio is older than 0.4, whose API loads and unloads models. Update LM Studio.');
  if (response.status !== 200) throw refuse(connection, 'list', 'its models', response);
  return ((response.json as { models?: Record<string, unknown>[] })?.models ?? []).map((m) => {
    const instances = Array.isArray(m.loaded_instances) ? (m.loaded_instances as Record<string, unknown>[]) : [];
    return {
      model_id: String(m.key),
      size_bytes: count(m.size_bytes),
      family: text(m.architecture),
      parameter_size: text(m.params_string),
      quantization: text((m.quantization as { name?: unknown } | null)?.name),
      loaded: instances.length > 0,
      memory_bytes: null,
      expires_at: null,
      context_length: count((instances[0]?.config as { context_length?: unknown } | undefined)?.context_length),
    };
  });
}

async function perform(connection: RuntimeConnection, action: RuntimeAction, modelId: string, options: ActionOptions): Promise<void> {
  if (connection.adapter === 'ollama') {
    const request =
      action === 'delete'
        ? call(connection, 'DELETE', '/api/delete', { model: modelId })
        : call(connection, 'POST', '/api/generate', action === 'load' ? { model: modelId, keep_alive: options.keepAlive ?? '5m', ...(options.contextLength ? { options: { num_ctx: options.contextLength } } : {}) } : { model: modelId, keep_alive: 0 }, action === 'load' ? LOAD_TIMEOUT_MS : TIMEOUT_MS);
    const response = await request;
    if (response.status !== 200) throw refuse(connection, action, modelId, response);
    return;
  }
  if (action === 'delete') throw new FunctionError('runtime', 422, 'unsupported', `LM Studio has no API for deleting models. Delete ${modelId} in LM Studio, under My Models.`);
  if (action === 'load') {
    const response = await call(connection, 'POST', '/api/v1/models/load', { model: modelId, ...(options.contextLength ? { context_length: options.contextLength } : {}) }, LOAD_TIMEOUT_MS);
    if (response.status !== 200) throw refuse(connection, action, modelId, response);
    return;
  }
  const models = await call(connection, 'GET', '/api/v1/models');
  const entry = ((models.json as { models?: Record<string, unknown>[] })?.models ?? []).find((m) => m.key === modelId);
  for (const instance of (entry?.loaded_instances as { id?: string }[] | undefined) ?? []) {
    const response = await call(connection, 'POST', '/api/v1/models/unload', { instance_id: instance.id });
    if (response.status !== 200 && response.status !== 404) throw refuse(connection, action, modelId, response);
  }
}

async function save(connectionId: string, row: StoredRuntimeRow | undefined, patch: RuntimePatch): Promise<StoredRuntimeRow | undefined> {
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
      const row = rows.get(model.model_id);
      return viewOf(model, await save(connection.id, row, observedPatch(model, row, now)), model.model_id);
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
  const observed = listing ? observedPatch(listing.find((m) => m.model_id === modelId), latest, Date.now(), true) : assumed;
  await save(connection.id, latest, { ...observed, runtime_error: null });
}
