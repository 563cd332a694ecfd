/**
 * Per-IP token buckets, shaped like GoTrue's (tollbooth over golang.org/x/time/rate): a bucket
 * holds at most BURST requests and refills at `perFiveMinutes / 300` requests per second. So the
 * config.toml numbers are sustained rates; any client may burst up to 30 requests at once, which
 * is also what Supabase's documentation describes ("each bucket has a maximum capacity of 30").
 */
export const BURST = 30;

/** GoTrue's buckets expire after an hour without use; by then they would be full again anyway. */
const IDLE_EXPIRY_MS = 60 * 60 * 1000;

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly refillPerMs: number;
  private takesSinceSweep = 0;

  constructor(
    perFiveMinutes: number,
    private readonly now: () => number = Date.now,
  ) {
    this.refillPerMs = perFiveMinutes / (5 * 60 * 1000);
  }

  /** Takes one request from `key`'s bucket; false means the caller is over the limit. */
  take(key: string): boolean {
    const now = this.now();
    this.sweep(now);
    const bucket = this.buckets.get(key) ?? { tokens: BURST, updatedAt: now };
    const elapsed = Math.max(0, now - bucket.updatedAt);
    bucket.tokens = Math.min(BURST, bucket.tokens + elapsed * this.refillPerMs);
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** Forgets idle buckets now and then, so a stream of distinct addresses cannot grow the map forever. */
  private sweep(now: number): void {
    if (++this.takesSinceSweep < 1000) return;
    this.takesSinceSweep = 0;
    for (const [key, bucket] of this.buckets) {
      if (now - bucket.updatedAt > IDLE_EXPIRY_MS) this.buckets.delete(key);
    }
  }
}
