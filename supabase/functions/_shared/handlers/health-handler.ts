/**
 * health: check one, some or all of the caller's connections (docs/functions-api.md).
 *
 * Every check runs concurrently (bounded) through checkAll, which ends the run at the timeout
 * plus a small slack however many servers hang. Results are recorded in health_checks as they
 * arrive (batched: one insert in flight at a time), and streamed as NDJSON lines when the client
 * asks for `application/x-ndjson`. A client that disconnects aborts the checks still running;
 * what finished before is kept.
 */
import { z } from 'npm:zod@4.6.7';
import { checkAll, type CheckAllItem, type CheckAllOptions, type HealthResult } from '../health/check.ts';
import { allowMethods, HttpError, json } from '../http.ts';
import { allowPrivateEndpoints } from '../net/ssrf.ts';
import { openSecrets } from '../connections/keys.ts';
import { ndjsonResponse, wantsNdjson } from '../connections/ndjson.ts';
import type { CallerDb, ConnectionRecord, FunctionDeps, HealthCheckInsert, Logger } from '../connections/ports.ts';
import { prepareProbe } from '../connections/probe.ts';
import { enforceRateLimit, readBody, requireUser } from '../connections/request.ts';
import { type CheckResult, toCheckResult, toHealthRow } from '../connections/results.ts';

export const HEALTH_TIMEOUT = { default: 5_000, min: 1_000, max: 15_000 } as const;
export const MAX_CONNECTION_IDS = 500;
/** checkAll settles anything still pending this long after the timeout. */
export const SLACK_MS = 300;
/** Recording the last results may take at most this long after checkAll ended. */
export const RECORD_GRACE_MS = 400;

export const healthRequestSchema = z.strictObject({
  connection_ids: z.array(z.guid({ error: 'connection_ids must hold connection ids (UUIDs)' }), {
    error: 'connection_ids must be an array of connection ids',
  }).max(MAX_CONNECTION_IDS, { error: `connection_ids may name at most ${MAX_CONNECTION_IDS} connections` })
    .optional(),
  timeout_ms: z.int({ error: 'timeout_ms must be a whole number of milliseconds' })
    .min(HEALTH_TIMEOUT.min, { error: `timeout_ms must be at least ${HEALTH_TIMEOUT.min}` })
    .max(HEALTH_TIMEOUT.max, { error: `timeout_ms must be at most ${HEALTH_TIMEOUT.max}` })
    .optional(),
});

export interface Skipped {
  connection_id: string;
  reason: 'browser_probe' | 'disabled' | 'not_found';
}

export interface Summary {
  type: 'summary';
  total: number;
  healthy: number;
  degraded: number;
  unhealthy: number;
  unknown: number;
  elapsed_ms: number;
}

export type HealthLine =
  | { type: 'start'; total: number; skipped: Skipped[] }
  | { type: 'result'; done: number; total: number; result: CheckResult }
  | Summary;

export interface HealthHandlerOptions {
  /** Replaces the per-connection check (tests). */
  check?: CheckAllOptions['check'];
  now?: () => number;
}

export function createHealthHandler(deps: FunctionDeps, options: HealthHandlerOptions = {}) {
  const now = options.now ?? (() => performance.now());
  return async (request: Request): Promise<Response> => {
    allowMethods(request, 'POST');
    const user = requireUser(request);
    await enforceRateLimit(deps.rateLimit, user.userId, 'health');
    const body = await readBody(request, healthRequestSchema);
    const db = deps.callerDb(user.accessToken);
    const timeoutMs = body.timeout_ms ?? HEALTH_TIMEOUT.default;

    const { toCheck, skipped } = await selectConnections(db, body.connection_ids);
    const opened = await openSecrets(deps, user.userId, toCheck.map((c) => c.id));

    const run = async (emit: (line: HealthLine) => void, signal: AbortSignal) => {
      const started = now();
      const total = toCheck.length;
      const recorder = new HealthRecorder(db, deps.log);
      const counts = { healthy: 0, degraded: 0, unhealthy: 0, unknown: 0 };
      let done = 0;
      emit({ type: 'start', total, skipped });

      const finish = (connectionId: string, health: HealthResult) => {
        const result = toCheckResult(connectionId, health, new Date());
        // Checks cut off by a disconnect say nothing about the server: not recorded.
        if (!signal.aborted) recorder.add(toHealthRow(result));
        counts[result.status]++;
        emit({ type: 'result', done: ++done, total, result });
      };

      const items: CheckAllItem[] = [];
      for (const connection of toCheck) {
        const probe = prepareProbe(connection, opened.get(connection.id), deps.env);
        if (probe.ok) items.push({ id: connection.id, target: probe.target });
        else finish(connection.id, probe.result);
      }
      await checkAll(items, {
        ...deps.fetchOptions,
        timeoutMs,
        slackMs: SLACK_MS,
        allowPrivate: allowPrivateEndpoints(deps.env),
        signal,
        ...(options.check ? { check: options.check } : {}),
        now,
        onProgress: (progress) => finish(progress.id, progress.result),
      });
      await recorder.flush(RECORD_GRACE_MS);
      emit({ type: 'summary', total, ...counts, elapsed_ms: Math.round(now() - started) });
    };

    if (wantsNdjson(request)) {
      return ndjsonResponse((writer, signal) => run((line) => writer.write(line), signal), {
        onError: (error) => deps.log.error('[health] the check run failed', error),
      });
    }

    const results = new Map<string, CheckResult>();
    let summary: Summary | undefined;
    await run((line) => {
      if (line.type === 'result') results.set(line.result.connection_id, line.result);
      else if (line.type === 'summary') summary = line;
    }, request.signal);
    const { type: _type, ...totals } = summary!;
    return json({
      results: toCheck.map((c) => results.get(c.id)).filter((r): r is CheckResult => r !== undefined),
      skipped,
      summary: totals,
    });
  };
}

/**
 * Named connections, or all of them. Named ids that are not the caller's (or no longer exist: a
 * stale list in another tab) are skipped as not_found, and a 404 when none is, so nobody learns
 * which ids exist and nobody's server is probed for someone else. Browser-probed connections are
 * skipped (the app checks them), and so are disabled ones unless named.
 */
async function selectConnections(
  db: CallerDb,
  ids: readonly string[] | undefined,
): Promise<{ toCheck: ConnectionRecord[]; skipped: Skipped[] }> {
  const skipped: Skipped[] = [];
  let connections: ConnectionRecord[];
  if (ids) {
    const wanted = [...new Set(ids.map((id) => id.toLowerCase()))];
    const found = wanted.length ? await db.listConnections({ ids: wanted }) : [];
    const byId = new Map(found.map((c) => [c.id.toLowerCase(), c]));
    if (wanted.length > 0 && byId.size === 0) {
      throw new HttpError(
        404,
        'not_found',
        wanted.length === 1
          ? 'That connection does not exist, or it is not yours. Reload your connections.'
          : 'None of those connections exists, or none is yours. Reload your connections.',
      );
    }
    connections = [];
    for (const id of wanted) {
      const connection = byId.get(id);
      if (connection) connections.push(connection);
      else skipped.push({ connection_id: id, reason: 'not_found' });
    }
  } else {
    connections = await db.listConnections({});
  }
  const toCheck: ConnectionRecord[] = [];
  for (const connection of connections) {
    if (connection.probe_from === 'browser') skipped.push({ connection_id: connection.id, reason: 'browser_probe' });
    else if (!ids && !connection.enabled) skipped.push({ connection_id: connection.id, reason: 'disabled' });
    else toCheck.push(connection);
  }
  return { toCheck, skipped };
}

/**
 * Writes health_checks rows as they come: one insert in flight at a time, carrying every row
 * that arrived while the previous one ran. A failed insert is logged; the checks still answer.
 */
export class HealthRecorder {
  readonly #db: CallerDb;
  readonly #log: Logger;
  #pending: HealthCheckInsert[] = [];
  #running: Promise<void> | null = null;

  constructor(db: CallerDb, log: Logger) {
    this.#db = db;
    this.#log = log;
  }

  add(row: HealthCheckInsert): void {
    this.#pending.push(row);
    this.#running ??= this.#drain();
  }

  async #drain(): Promise<void> {
    while (this.#pending.length > 0) {
      const batch = this.#pending;
      this.#pending = [];
      try {
        await this.#db.recordHealthChecks(batch, AbortSignal.timeout(5_000));
      } catch (error) {
        this.#log.error(`[health] could not record ${batch.length} health check(s)`, error);
      }
    }
    this.#running = null;
  }

  /** Waits until everything added so far is written, or `graceMs` passed (writes continue in the background). */
  async flush(graceMs: number): Promise<void> {
    if (!this.#running) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
    });
    try {
      await Promise.race([this.#running, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }
}
