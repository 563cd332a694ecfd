import type { HealthStatus } from '../types/connections';
import { toHealthStatus } from './format';

/** CSS colors of the status tokens, for SVG charts (the same colors as the status badges' dots). */
export const STATUS_COLORS: Record<HealthStatus, string> = {
  healthy: 'var(--success)',
  degraded: 'var(--warning)',
  unhealthy: 'var(--danger)',
  unknown: 'var(--neutral-dot)',
};

export interface HealthSummary {
  total: number;
  counts: Record<HealthStatus, number>;
  medianMs: number | null;
  p95Ms: number | null;
}

function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? null;
}

/** Counts per status and latency percentiles of the checks that got an answer. */
export function summarizeChecks(checks: ReadonlyArray<{ status: string; latency_ms: number | null }>): HealthSummary {
  const counts: Record<HealthStatus, number> = { healthy: 0, degraded: 0, unhealthy: 0, unknown: 0 };
  const latencies: number[] = [];
  for (const check of checks) {
    counts[toHealthStatus(check.status)]++;
    if (typeof check.latency_ms === 'number') latencies.push(check.latency_ms);
  }
  latencies.sort((a, b) => a - b);
  return { total: checks.length, counts, medianMs: percentile(latencies, 50), p95Ms: percentile(latencies, 95) };
}
