import type { HealthStatus } from '../types/connections';

const STATUSES: readonly HealthStatus[] = ['healthy', 'degraded', 'unhealthy', 'unknown'];

/** Any text from the database as a status; anything unexpected reads as "unknown", never as healthy. */
export function toHealthStatus(value: string | null | undefined): HealthStatus {
  return (STATUSES as readonly string[]).includes(value ?? '') ? (value as HealthStatus) : 'unknown';
}

export const statusLabels: Record<HealthStatus, string> = {
  healthy: 'Healthy',
  degraded: 'Degraded',
  unhealthy: 'Unhealthy',
  unknown: 'Unknown',
};

/** "Not checked yet" reads better than "Unknown" for a connection nobody has checked. */
export function describeStatus(status: HealthStatus, checkedAt: string | null | undefined): string {
  if (status === 'unknown' && !checkedAt) return 'Not checked yet';
  return statusLabels[status];
}

/** 84 -> "84 ms", 1234 -> "1.2 s", 12345 -> "12 s"; null -> "—". */
export function formatLatency(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  return seconds < 10 ? `${Number(seconds.toFixed(1))} s` : `${Math.round(seconds)} s`;
}
