/**
 * Health verdicts, the same whether the health or discovery function or the browser's probe
 * fetched the model list.
 */

export type HealthStatus = 'healthy' | 'degraded' | 'unhealthy' | 'unknown';

/** Product spec: a check waits 5 s for the model list; an answer slower than 2 s is "degraded". */
export const HEALTH_DEFAULTS = { timeoutMs: 5_000, degradedAfterMs: 2_000 } as const;

/** The model list arrived: degraded when it was slow or had entries that could not be read. */
export function listedStatus(
  latencyMs: number,
  partial: boolean,
  degradedAfterMs: number = HEALTH_DEFAULTS.degradedAfterMs,
): 'healthy' | 'degraded' {
  return partial || latencyMs > degradedAfterMs ? 'degraded' : 'healthy';
}

/** The check failed with this provider error code. */
export function failedStatus(code: string): HealthStatus {
  // Rate limiting means the server and the key work; it is just busy.
  if (code === 'rate_limited') return 'degraded';
  return code === 'unknown' ? 'unknown' : 'unhealthy';
}
