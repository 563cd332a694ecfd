/**
 * Health checks: the cheapest authenticated request a connection has (its model list), timed.
 *
 * checkAll runs many with a concurrency bound and still finishes within the timeout (plus a small
 * slack) however many servers hang:
 * - every check gets its own deadline, and never one later than the run's deadline;
 * - a check that has run for `releaseAfterMs` gives its slot to the next one (it keeps running
 *   until its deadline), so hanging servers cannot hold the queue; `maxInFlight` still bounds open
 *   sockets;
 * - checks that could not start before the run's deadline are reported as "unknown" (not
 *   checked), and a check that timed out on a budget shorter than half the timeout (and than the
 *   "degraded" threshold) is "unknown" too, not "unhealthy": it did not get a fair chance;
 * - a final guard settles anything still pending at deadline + slack.
 */
import { runBounded } from '../core/bounded-run.ts';
import { failedStatus, HEALTH_DEFAULTS, type HealthStatus, listedStatus } from '../core/health.ts';
import type { ProviderError } from '../core/providers/errors.ts';
import type { ConnectionTarget } from '../core/providers/types.ts';
import { discoverModels, type DiscoverOptions, type DiscoveryResult } from '../providers/discover.ts';

export interface HealthResult {
  status: HealthStatus;
  /** Round trip in ms; null when no response arrived (DNS, refused, timeout...). */
  latencyMs: number | null;
  error?: ProviderError;
  modelCount?: number;
}

export interface CheckOptions extends DiscoverOptions {
  /** Default 5 s (product spec). */
  timeoutMs?: number;
  /** Slower than this is "degraded". Default 2 s. */
  degradedAfterMs?: number;
}

/** Failures where no HTTP response arrived, so there is no latency to report. */
const NO_RESPONSE = new Set([
  'dns_failure',
  'connection_refused',
  'timeout',
  'tls_error',
  'network_error',
  'blocked_address',
  'unknown',
]);

export async function checkConnection(target: ConnectionTarget, options: CheckOptions = {}): Promise<HealthResult> {
  const timeoutMs = options.timeoutMs ?? HEALTH_DEFAULTS.timeoutMs;
  // Health needs one page to prove the key and the server; the count comes from what that shows.
  const result = await discoverModels(target, { ...options, timeoutMs, maxPages: options.maxPages ?? 3 });
  return healthFromDiscovery(result, options.degradedAfterMs);
}

/**
 * The health verdict of a model-list request, so a discovery run (which fetches the same list)
 * records the same status a health check would.
 */
export function healthFromDiscovery(
  result: DiscoveryResult,
  degradedAfterMs: number = HEALTH_DEFAULTS.degradedAfterMs,
): HealthResult {
  if (result.ok) {
    return {
      status: listedStatus(result.latencyMs, result.partial, degradedAfterMs),
      latencyMs: result.latencyMs,
      modelCount: result.models.length,
      ...(result.pageError ? { error: result.pageError } : {}),
    };
  }
  const error = result.error;
  return {
    status: failedStatus(error.code),
    latencyMs: NO_RESPONSE.has(error.code) ? null : result.latencyMs,
    error,
  };
}

export interface CheckAllItem {
  id: string;
  target: ConnectionTarget;
}

export interface CheckAllProgress {
  done: number;
  total: number;
  id: string;
  result: HealthResult;
}

export interface CheckAllOptions extends CheckOptions {
  /** Checks started at once. Default 32. */
  concurrency?: number;
  /** A check running this long frees its slot for the next. Default min(500 ms, timeout / 10). */
  releaseAfterMs?: number;
  /** Open checks (sockets) at most, released or not. Default concurrency x 8. */
  maxInFlight?: number;
  /** Extra time after the deadline before pending checks are settled by force. Default 500 ms. */
  slackMs?: number;
  /** A check is not started with less time than this left. Default 250 ms. */
  minBudgetMs?: number;
  onProgress?: (progress: CheckAllProgress) => void;
  /** Runs one check; defaults to checkConnection (tests replace it). */
  check?: (target: ConnectionTarget, options: CheckOptions) => Promise<HealthResult>;
}

const TRUNCATION_TOLERANCE_MS = 100;

const NOT_CHECKED: HealthResult = {
  status: 'unknown',
  latencyMs: null,
  error: {
    code: 'timeout',
    message: 'Not checked: "Check all" reached its time limit before this connection\'s turn. Check it on its own.',
  },
};

const CHECK_FAILED: HealthResult = {
  status: 'unknown',
  latencyMs: null,
  error: { code: 'unknown', message: 'The check failed unexpectedly. Try again.' },
};

function cutShort(result: HealthResult, budgetMs: number): HealthResult {
  return {
    status: 'unknown',
    latencyMs: null,
    error: {
      code: 'timeout',
      message:
        `${result.error?.message ?? 'No answer.'} "Check all" could give it only ${Math.round(budgetMs) / 1000} s; ` +
        'check it on its own.',
    },
  };
}

/** Checks every item; resolves with results in input order. */
export async function checkAll(
  items: readonly CheckAllItem[],
  options: CheckAllOptions = {},
): Promise<Array<{ id: string; result: HealthResult }>> {
  const timeoutMs = options.timeoutMs ?? HEALTH_DEFAULTS.timeoutMs;
  const degradedAfterMs = options.degradedAfterMs ?? HEALTH_DEFAULTS.degradedAfterMs;
  const concurrency = Math.max(1, options.concurrency ?? 32);
  // A check that had at least this long and still got no answer is a real failure, not a cut one:
  // a healthy server answers within the degraded threshold.
  const fairBudgetMs = Math.min(timeoutMs, Math.max(degradedAfterMs, timeoutMs / 2));
  const check = options.check ?? checkConnection;
  const total = items.length;

  const results = await runBounded(
    items,
    async (item, _signal, remainingMs) => {
      // The first wave starts a hair after the clock did; it still gets the full timeout (the slack covers it).
      const budget = remainingMs >= timeoutMs - TRUNCATION_TOLERANCE_MS ? timeoutMs : remainingMs;
      const result = await check(item.target, { ...options, timeoutMs: budget });
      return budget < fairBudgetMs && result.error?.code === 'timeout' ? cutShort(result, budget) : result;
    },
    {
      concurrency,
      deadlineMs: timeoutMs,
      releaseAfterMs: options.releaseAfterMs ?? Math.min(500, timeoutMs / 10),
      maxInFlight: options.maxInFlight ?? concurrency * 8,
      slackMs: options.slackMs ?? 500,
      minBudgetMs: options.minBudgetMs ?? 250,
      now: options.now,
      notStarted: () => NOT_CHECKED,
      // The guard: whatever a check does, the run ends at deadline + slack.
      cutShort: () => cutShort({ status: 'unknown', latencyMs: null }, timeoutMs),
      failed: () => CHECK_FAILED,
      onSettled: (index, result, done) => options.onProgress?.({ done, total, id: items[index]!.id, result }),
    },
  );
  return items.map((item, i) => ({ id: item.id, result: results[i]! }));
}
