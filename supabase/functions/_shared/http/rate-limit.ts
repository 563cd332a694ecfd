/**
 * Per-user rate limiting for the functions that make outbound requests (discovery, health,
 * lockbox): a token bucket per user id, answered with 429 and Retry-After.
 *
 * Limitation, by design: the buckets live in this function instance's memory. A deployment may
 * run several instances (each with its own buckets) and recycles idle ones (which forgets them),
 * so the effective limit is "about N per instance", a brake on runaway clients and on using the
 * deployment as a port scanner, not an exact quota. An exact, shared limit would need a counter in
 * Postgres; nothing here prevents adding one later behind the same interface.
 */
import { json } from '../http.ts';

export interface RateLimitOptions {
  /** Burst size: requests allowed at once from a full bucket. */
  capacity: number;
  /** Sustained rate: tokens added back per second. */
  refillPerSecond: number;
  /** Buckets kept at most; the least recently used go first. Default 10,000. */
  maxKeys?: number;
  now?: () => number;
}

export type RateLimitDecision =
  | { allowed: true; remaining: number }
  | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class RateLimiter {
  readonly #capacity: number;
  readonly #refillPerMs: number;
  readonly #maxKeys: number;
  readonly #now: () => number;
  readonly #buckets = new Map<string, Bucket>();

  constructor(options: RateLimitOptions) {
    if (!(options.capacity >= 1) || !(options.refillPerSecond > 0)) {
      throw new RangeError('capacity must be at least 1 and refillPerSecond above 0');
    }
    this.#capacity = options.capacity;
    this.#refillPerMs = options.refillPerSecond / 1000;
    this.#maxKeys = Math.max(1, options.maxKeys ?? 10_000);
    this.#now = options.now ?? (() => Date.now());
  }

  /** Takes `cost` tokens from `key`'s bucket if it has them. */
  take(key: string, cost = 1): RateLimitDecision {
    if (cost > this.#capacity) throw new RangeError(`cost ${cost} exceeds the bucket capacity ${this.#capacity}`);
    const now = this.#now();
    const bucket = this.#buckets.get(key) ?? { tokens: this.#capacity, updatedAt: now };
    bucket.tokens = Math.min(this.#capacity, bucket.tokens + Math.max(0, now - bucket.updatedAt) * this.#refillPerMs);
    bucket.updatedAt = now;

    // Re-insert so Map order is least-recently-used first, then evict beyond the cap.
    this.#buckets.delete(key);
    this.#buckets.set(key, bucket);
    while (this.#buckets.size > this.#maxKeys) this.#buckets.delete(this.#buckets.keys().next().value!);

    if (bucket.tokens >= cost) {
      bucket.tokens -= cost;
      return { allowed: true, remaining: Math.floor(bucket.tokens) };
    }
    const waitMs = (cost - bucket.tokens) / this.#refillPerMs;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
  }

  /** Buckets currently kept (for tests and diagnostics). */
  get size(): number {
    return this.#buckets.size;
  }
}

/** The 429 answer in the functions' error shape, with Retry-After. */
export function rateLimitedResponse(retryAfterSeconds: number): Response {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  return json(
    {
      error: {
        code: 'rate_limited',
        message: `Too many requests. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`,
      },
    },
    { status: 429, headers: { 'Retry-After': String(seconds) } },
  );
}
