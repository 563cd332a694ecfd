/**
 * runtime: see and control the models on a self-hosted server (docs/functions-api.md).
 *
 * POST { connection_id, action: "status" | "load" | "unload" | "delete", model_id?, keep_alive?,
 * context_length? }. Acts with the caller's token (RLS decides which connections exist), reaches
 * the server through the SSRF guard, and stores what it learns in the models rows (status,
 * memory, expiry, last error) so the user's other devices see it.
 *
 * A load is recorded as "loading" before the server is asked, then "running"; if it fails, the
 * model goes back to the status it had, with the server's reason in runtime_error.
 *
 * A status read of a server that cannot be reached (or answers nonsense) is still a read: 200 with
 * `reachable: false`, the reason, and the statuses last stored, marked as last known. Actions on
 * such a server fail with 502; a URL the SSRF policy refuses is 422 for both.
 */
import { z } from 'npm:zod@4.6.7';
import { toStorableText } from '../core/text.ts';
import { allowMethods, HttpError, json } from '../http.ts';
import { allowPrivateEndpoints } from '../net/ssrf.ts';
import { statusForProviderError } from '../core/providers/errors.ts';
import { runtimeRequest } from '../runtime/http.ts';
import { lmStudioRuntime } from '../core/runtime/lmstudio.ts';
import { ollamaRuntime } from '../core/runtime/ollama.ts';
import { changedFields, lastKnownView, liveView, observedPatch } from '../core/runtime/state.ts';
import { type RuntimeModel, RuntimeError, type RuntimeServer } from '../core/runtime/types.ts';
import { KEEP_ALIVE } from '../core/chat/keep-alive.ts';
import { openSecrets } from '../connections/keys.ts';
import { NOT_FOUND_MESSAGE } from './lockbox-handler.ts';
import type { CallerDb, ConnectionRecord, FunctionDeps, RuntimePatch, RuntimeRow } from '../connections/ports.ts';
import { prepareProbe } from '../connections/probe.ts';
import { enforceRateLimit, readBody, requireUser } from '../connections/request.ts';

export const runtimeRequestSchema = z.strictObject({
  connection_id: z.guid({ error: 'connection_id must be a connection id (a UUID)' }),
  action: z.enum(['status', 'load', 'unload', 'delete'], { error: 'action must be one of status, load, unload, delete' }),
  model_id: z.string({ error: 'model_id must be the model id as the server names it' }).min(1).max(512).optional(),
  keep_alive: z.string().max(32).regex(KEEP_ALIVE, { error: 'keep_alive must be a duration such as 5m, 1h or -1 (forever)' }).optional(),
  context_length: z.int({ error: 'context_length must be a whole number of tokens' }).min(1).max(10_000_000).optional(),
}).refine((body) => body.action === 'status' || body.model_id !== undefined, {
  error: 'model_id is required to load, unload or delete a model',
  path: ['model_id'],
});

/** Runtime codes with their own status; every other code is a provider error (statusForProviderError). */
const ERROR_STATUS: Record<string, number> = {
  unsupported: 422,
  not_found: 404,
  bad_request: 422,
  load_failed: 502,
};

function statusFor(error: RuntimeError): number {
  return ERROR_STATUS[error.code] ?? statusForProviderError(error.code);
}

/** models.runtime_error holds at most 2,000 characters. */
const MAX_RUNTIME_ERROR = 2000;

function storableError(message: string): string {
  const text = toStorableText(message);
  return text.length > MAX_RUNTIME_ERROR ? `${toStorableText(text.slice(0, MAX_RUNTIME_ERROR - 3))}...` : text;
}

export interface RuntimeHandlerOptions {
  /** Replaces the server for a connection (tests). */
  serverFor?: (connection: ConnectionRecord, request: ReturnType<typeof runtimeRequest>) => RuntimeServer;
}

function serverFor(connection: ConnectionRecord, request: ReturnType<typeof runtimeRequest>): RuntimeServer | null {
  const adapter = connection.kind_row.runtime_adapter;
  if (adapter === 'ollama') return ollamaRuntime(request);
  if (adapter === 'lmstudio') return lmStudioRuntime(request);
  return null;
}

async function store(db: CallerDb, connectionId: string, row: RuntimeRow | undefined, patch: RuntimePatch, now: Date): Promise<RuntimeRow | undefined> {
  if (!row) return undefined;
  const diff = changedFields(row, patch);
  if (!diff) return row;
  if (diff.runtime_status !== undefined) diff.runtime_status_at = now.toISOString();
  await db.setRuntime(connectionId, row.model_id, diff);
  return { ...row, ...diff };
}

export function createRuntimeHandler(deps: FunctionDeps, options: RuntimeHandlerOptions = {}) {
  const pick = options.serverFor ?? serverFor;
  return async (request: Request): Promise<Response> => {
    allowMethods(request, 'POST');
    const user = requireUser(request);
    await enforceRateLimit(deps.rateLimit, user.userId, 'runtime');
    const body = await readBody(request, runtimeRequestSchema);
    const db = deps.callerDb(user.accessToken);

    const connection = await db.getConnection(body.connection_id);
    if (!connection) throw new HttpError(404, 'not_found', NOT_FOUND_MESSAGE);
    if (connection.probe_from === 'browser') {
      throw new HttpError(409, 'browser_probe', 'This server is reached from your browser (it is on your computer or network), so the app controls it from there.');
    }
    const opened = await openSecrets(deps, user.userId, [connection.id]);
    const probe = prepareProbe(connection, opened.get(connection.id), deps.env);
    if (!probe.ok) throw new HttpError(probe.status, probe.code, probe.message);
    const server = pick(connection, runtimeRequest(probe.target, { ...deps.fetchOptions, allowPrivate: allowPrivateEndpoints(deps.env), signal: request.signal }));
    if (!server) {
      throw new HttpError(422, 'unsupported_kind', `Loading and unloading models works with Ollama and LM Studio; “${connection.name}” is a ${connection.kind_row.id} connection.`);
    }

    const rows = new Map((await db.listRuntime(connection.id)).map((row) => [row.model_id, row]));
    const fail = (error: unknown): never => {
      if (!(error instanceof RuntimeError)) throw error;
      throw new HttpError(statusFor(error), error.code, error.message);
    };

    if (body.action === 'status') {
      let listed: RuntimeModel[];
      try {
        listed = await server.list();
      } catch (error) {
        // The server is down or answers nonsense: that is its status, read successfully. Nothing
        // is stored, so the last statuses seen stay what other devices show too.
        if (!(error instanceof RuntimeError) || statusFor(error) !== 502) return fail(error);
        const known = [...rows.values()].filter((row) => row.available).sort((a, b) => (a.model_id < b.model_id ? -1 : 1));
        return json({
          connection_id: connection.id,
          checked_at: new Date().toISOString(),
          reachable: false,
          error: { code: error.code, message: error.message },
          models: known.map(lastKnownView),
        });
      }
      const now = new Date();
      const byId = new Map(listed.map((model) => [model.modelId, model]));
      const models = [];
      for (const model of listed) {
        const row = rows.get(model.modelId);
        models.push(liveView(model, row ? await store(db, connection.id, row, observedPatch(model, row, now.getTime()), now) : undefined, model.modelId));
      }
      // Stored models the server no longer has: not loaded, whatever was recorded.
      for (const row of rows.values()) {
        if (byId.has(row.model_id) || !row.available) continue;
        models.push(liveView(undefined, await store(db, connection.id, row, observedPatch(undefined, row, now.getTime()), now), row.model_id));
      }
      return json({ connection_id: connection.id, checked_at: now.toISOString(), reachable: true, models });
    }

    const modelId = body.model_id!;
    const before = rows.get(modelId);
    let latest = before;
    const save = async (patch: RuntimePatch) => {
      latest = await store(db, connection.id, latest, patch, new Date());
    };
    const restore = async (error: unknown): Promise<never> => {
      // Back to how it was, with the server's reason beside it.
      if (before && error instanceof RuntimeError) await save({ runtime_status: before.runtime_status, runtime_error: storableError(error.message) });
      return fail(error);
    };
    /** After an action: what the server now says about the model (or `assumed` if it cannot say). */
    const settle = async (assumed: RuntimePatch) => {
      const listed = await server.list().catch(() => null);
      const model = listed?.find((m) => m.modelId === modelId);
      await save(listed ? { ...observedPatch(model, latest, Date.now(), true), runtime_error: null } : assumed);
      return json({ connection_id: connection.id, model: liveView(model, latest, modelId) });
    };

    if (body.action === 'load') {
      await save({ runtime_status: 'loading', runtime_error: null });
      await server.load(modelId, { keepAlive: body.keep_alive, contextLength: body.context_length }).catch(restore);
      return settle({ runtime_status: 'running', runtime_error: null });
    }
    if (body.action === 'unload') {
      await server.unload(modelId).catch(restore);
      return settle({ runtime_status: 'idle', runtime_memory_bytes: null, runtime_expires_at: null, runtime_error: null });
    }
    await server.remove(modelId).catch(restore);
    await save({ runtime_status: 'idle', runtime_memory_bytes: null, runtime_expires_at: null, runtime_error: null, available: false });
    return json({ connection_id: connection.id, model: liveView(undefined, latest, modelId) });
  };
}
