import type { CheckResult, HealthStatus } from '../types/connections';
import { FunctionError, invokeFunctionRaw } from '@/lib/edge-functions';
import { toHealthStatus } from '../utils/format';
import { readNdjson } from '@/lib/ndjson';

/** The health function's Result object. */
interface ServerResult {
  connection_id: string;
  status: string;
  latency_ms: number | null;
  error?: string | null;
  error_code?: string | null;
  model_count?: number | null;
  checked_at?: string;
}

function toCheckResult(result: ServerResult): CheckResult {
  return {
    connectionId: result.connection_id,
    status: toHealthStatus(result.status),
    latencyMs: typeof result.latency_ms === 'number' ? result.latency_ms : null,
    error: result.error ?? null,
    errorCode: result.error_code ?? null,
    modelCount: result.model_count ?? null,
    checkedAt: result.checked_at ?? new Date().toISOString(),
  };
}

function isServerResult(value: unknown): value is ServerResult {
  return typeof value === 'object' && value !== null && typeof (value as ServerResult).connection_id === 'string' && typeof (value as ServerResult).status === 'string';
}

export interface ServerCheckOptions {
  /** Called as each check finishes (the health function streams them as NDJSON). */
  onResult?: (result: CheckResult) => void;
  signal?: AbortSignal;
}

/**
 * Asks the health function to check these connections and streams the results back. Resolves with
 * every result once the stream ends; connections the stream never reported are absent.
 */
export async function checkOnServer(connectionIds: readonly string[], { onResult, signal }: ServerCheckOptions = {}): Promise<CheckResult[]> {
  if (connectionIds.length === 0) return [];
  const response = await invokeFunctionRaw('health', {
    body: { connection_ids: connectionIds },
    accept: 'application/x-ndjson',
    signal,
  });
  const results: CheckResult[] = [];
  const report = (raw: unknown) => {
    if (!isServerResult(raw)) return;
    const result = toCheckResult(raw);
    results.push(result);
    onResult?.(result);
  };
  const contentType = response.headers.get('content-type') ?? '';
  if (!contentType.includes('ndjson') || !response.body) {
    // A server that answers the whole batch at once: { results: [...] }.
    const body = (await response.json().catch(() => null)) as { results?: unknown[] } | null;
    if (!body || !Array.isArray(body.results)) throw new FunctionError('health', response.status, 'bad_response', "The server's health check sent an unreadable answer. Try again.");
    body.results.forEach(report);
    return results;
  }
  for await (const line of readNdjson(response.body, signal)) {
    if (typeof line !== 'object' || line === null) continue;
    const message = line as { type?: string; result?: unknown; error?: { code?: string; message?: string } };
    if (message.type === 'result') report(message.result);
    else if (message.error?.message) throw new FunctionError('health', response.status, message.error.code ?? 'server_error', message.error.message);
  }
  return results;
}

/** A stand-in result for a connection whose check never came back. */
export function missingResult(connectionId: string, message: string, status: HealthStatus = 'unknown'): CheckResult {
  return { connectionId, status, latencyMs: null, error: message, errorCode: 'unknown', checkedAt: new Date().toISOString() };
}
