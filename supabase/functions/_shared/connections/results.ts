/**
 * One health verdict in its two outward forms: the health_checks row the database keeps and the
 * Result object the health and discovery functions answer with.
 */
import { toStorableText } from '../core/text.ts';
import type { HealthStatus } from '../core/health.ts';
import type { HealthResult } from '../health/check.ts';
import type { HealthCheckInsert } from './ports.ts';

/** health_checks.error is at most 2,000 characters. */
const MAX_ERROR_LENGTH = 2000;

/** The health function's per-connection answer (docs/functions-api.md, `Result`). */
export interface CheckResult {
  connection_id: string;
  status: HealthStatus;
  latency_ms: number | null;
  error?: string;
  error_code?: string;
  model_count?: number;
  checked_at: string;
}

/** Fits health_checks.error: at most its length, and only text Postgres can store (messages quote servers). */
function clip(text: string): string {
  const storable = toStorableText(text);
  if (storable.length <= MAX_ERROR_LENGTH) return storable;
  // Never cut between the halves of a surrogate pair: half a pair cannot be stored either.
  let end = MAX_ERROR_LENGTH - 3;
  if (/[\uD800-\uDBFF]/.test(storable[end - 1])) end--;
  return `${storable.slice(0, end)}...`;
}

export function toCheckResult(connectionId: string, result: HealthResult, checkedAt: Date): CheckResult {
  const answer: CheckResult = {
    connection_id: connectionId,
    status: result.status,
    latency_ms: result.latencyMs === null ? null : Math.max(0, Math.round(result.latencyMs)),
    checked_at: checkedAt.toISOString(),
  };
  if (result.error) {
    answer.error = clip(result.error.message);
    answer.error_code = result.error.code;
  }
  if (result.modelCount !== undefined) answer.model_count = result.modelCount;
  return answer;
}

export function toHealthRow(result: CheckResult): HealthCheckInsert {
  return {
    connection_id: result.connection_id,
    status: result.status,
    latency_ms: result.latency_ms,
    error: result.error ?? null,
    error_code: result.error_code ?? null,
    model_count: result.model_count ?? null,
    source: 'server',
  };
}
