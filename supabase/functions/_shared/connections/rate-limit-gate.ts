/**
 * The per-user rate limit behind every connection function.
 *
 * The count lives in Postgres (public.consume_rate_limit, fixed windows, one upsert per request),
 * because a deployment runs several short-lived function instances and an in-memory counter would
 * give each its own quota and forget it on recycling. One extra round trip per request (~1-2 ms
 * locally) buys a limit that holds across instances.
 *
 * When the database cannot answer (the RPC fails), the function falls back to an in-memory token
 * bucket per instance rather than refusing everyone (a brake, not a quota) and says so in the log.
 */
import { RateLimiter } from '../http/rate-limit.ts';
import type { Logger, RateLimitDecision, RateLimitGate } from './ports.ts';

/** What consume_rate_limit answers (the fields used here). */
export interface ConsumeResult {
  allowed: boolean;
  retry_after_seconds: number;
}

export type ConsumeRpc = (args: {
  user_id: string;
  bucket: string;
  max_requests: number;
  window_seconds: number;
}) => Promise<ConsumeResult>;

export interface GateOptions {
  log: Logger;
  now?: () => number;
  /** At most one fallback warning per this many ms. Default 60 s. */
  warnEveryMs?: number;
}

export function databaseRateLimitGate(rpc: ConsumeRpc, options: GateOptions): RateLimitGate {
  const now = options.now ?? (() => Date.now());
  const warnEveryMs = options.warnEveryMs ?? 60_000;
  const fallbacks = new Map<string, RateLimiter>();
  let lastWarning = -Infinity;

  const fallback = (userId: string, bucket: string, limit: { max: number; windowSeconds: number }) => {
    const id = `${bucket}:${limit.max}/${limit.windowSeconds}`;
    let limiter = fallbacks.get(id);
    if (!limiter) {
      limiter = new RateLimiter({ capacity: limit.max, refillPerSecond: limit.max / limit.windowSeconds, now });
      fallbacks.set(id, limiter);
    }
    const decision = limiter.take(userId);
    return decision.allowed
      ? { allowed: true } as const
      : { allowed: false, retryAfterSeconds: decision.retryAfterSeconds } as const;
  };

  return {
    async consume(userId, bucket, limit): Promise<RateLimitDecision> {
      try {
        const result = await rpc({
          user_id: userId,
          bucket,
          max_requests: limit.max,
          window_seconds: limit.windowSeconds,
        });
        if (typeof result?.allowed !== 'boolean') throw new Error('consume_rate_limit answered without "allowed"');
        return result.allowed
          ? { allowed: true }
          : { allowed: false, retryAfterSeconds: Math.max(1, Number(result.retry_after_seconds) || 1) };
      } catch (error) {
        if (now() - lastWarning >= warnEveryMs) {
          lastWarning = now();
          options.log.warn(
            `[rate-limit] consume_rate_limit failed (${error instanceof Error ? error.message : String(error)}); ` +
              'limiting in memory per instance until it works again.',
          );
        }
        return fallback(userId, bucket, limit);
      }
    },
  };
}
