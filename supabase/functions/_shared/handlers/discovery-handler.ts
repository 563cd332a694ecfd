/**
 * discovery: refresh one connection's models (docs/functions-api.md).
 *
 * Loads the connection with the caller's token, resolves its key (lockbox, then server secret,
 * then none), fetches the model list through the SSRF guard, stores it with
 * sync_connection_models (models that disappeared are marked unavailable, only when the list is
 * complete) and records the request as a health check, success or failure.
 */
import { z } from 'npm:zod@4.6.7';
import { healthFromDiscovery } from '../health/check.ts';
import { allowMethods, HttpError, json } from '../http.ts';
import { allowPrivateEndpoints } from '../net/ssrf.ts';
import { discoverModels } from '../providers/discover.ts';
import { statusForProviderError } from '../core/providers/errors.ts';
import { openSecrets } from '../connections/keys.ts';
import { NOT_FOUND_MESSAGE } from './lockbox-handler.ts';
import { toSyncInput } from '../core/providers/sync-rows.ts';
import type { CallerDb, FunctionDeps, HealthCheckInsert } from '../connections/ports.ts';
import { StoreError } from '../connections/ports.ts';
import { prepareProbe } from '../connections/probe.ts';
import { enforceRateLimit, readBody, requireUser } from '../connections/request.ts';
import { toCheckResult, toHealthRow } from '../connections/results.ts';

export const DISCOVERY_TIMEOUT = { default: 10_000, min: 1_000, max: 30_000 } as const;

export const discoveryRequestSchema = z.strictObject({
  connection_id: z.guid({ error: 'connection_id must be a connection id (a UUID)' }),
  timeout_ms: z.int({ error: 'timeout_ms must be a whole number of milliseconds' })
    .min(DISCOVERY_TIMEOUT.min, { error: `timeout_ms must be at least ${DISCOVERY_TIMEOUT.min}` })
    .max(DISCOVERY_TIMEOUT.max, { error: `timeout_ms must be at most ${DISCOVERY_TIMEOUT.max}` })
    .optional(),
});

export const BROWSER_PROBE_MESSAGE =
  'This connection is probed from your browser (its server is one only your computer or network can reach), ' +
  'so the app refreshes its models itself.';

export interface DiscoveryHandlerOptions {
  /** Replaces discoverModels (tests). */
  discover?: typeof discoverModels;
}

export function createDiscoveryHandler(deps: FunctionDeps, options: DiscoveryHandlerOptions = {}) {
  const discover = options.discover ?? discoverModels;
  return async (request: Request): Promise<Response> => {
    allowMethods(request, 'POST');
    const user = requireUser(request);
    await enforceRateLimit(deps.rateLimit, user.userId, 'discovery');
    const body = await readBody(request, discoveryRequestSchema);
    const db = deps.callerDb(user.accessToken);

    const connection = await db.getConnection(body.connection_id);
    if (!connection) throw new HttpError(404, 'not_found', NOT_FOUND_MESSAGE);
    if (connection.probe_from === 'browser') throw new HttpError(409, 'browser_probe', BROWSER_PROBE_MESSAGE);

    const opened = await openSecrets(deps, user.userId, [connection.id]);
    const probe = prepareProbe(connection, opened.get(connection.id), deps.env);
    if (!probe.ok) {
      await record(deps, db, toHealthRow(toCheckResult(connection.id, probe.result, new Date())));
      throw new HttpError(probe.status, probe.code, probe.message);
    }

    const result = await discover(probe.target, {
      ...deps.fetchOptions,
      allowPrivate: allowPrivateEndpoints(deps.env),
      timeoutMs: body.timeout_ms ?? DISCOVERY_TIMEOUT.default,
      signal: request.signal,
    });
    // The caller went away: nobody reads the answer, and an aborted request says nothing about the server.
    if (request.signal.aborted) throw new HttpError(499, 'client_closed', 'The request was cancelled.');

    const health = healthFromDiscovery(result);
    const checked = toCheckResult(connection.id, health, new Date());
    if (!result.ok) {
      await record(deps, db, toHealthRow(checked));
      throw new HttpError(statusForProviderError(result.error.code), result.error.code, result.error.message);
    }

    const { rows, dropped } = toSyncInput(result.models);
    const complete = !result.partial && dropped === 0;
    let summary;
    try {
      summary = await db.syncModels(connection.id, rows, complete);
    } catch (error) {
      if (!(error instanceof StoreError)) throw error;
      if (error.kind === 'not_found') throw new HttpError(404, 'not_found', NOT_FOUND_MESSAGE);
      const message = `The model list from the server could not be stored: ${error.message}`;
      await record(deps, db, {
        ...toHealthRow(checked),
        status: 'unhealthy',
        error: message,
        error_code: 'bad_response',
      });
      throw new HttpError(502, 'bad_response', message);
    }
    await record(deps, db, toHealthRow(checked));

    return json({
      ...summary,
      key_source: probe.keySource,
      partial: !complete,
      skipped: result.skipped + dropped,
      status: health.status,
      latency_ms: checked.latency_ms,
      ...(result.pageError ? { warning: { code: result.pageError.code, message: result.pageError.message } } : {}),
    });
  };
}

/** Records a health check; a failure to record is logged, never turned into the answer. */
async function record(deps: FunctionDeps, db: CallerDb, row: HealthCheckInsert): Promise<void> {
  try {
    await db.recordHealthChecks([row], AbortSignal.timeout(5_000));
  } catch (error) {
    deps.log.error(`[discovery] could not record the health check of connection ${row.connection_id}`, error);
  }
}
