import assert from 'node:assert/strict';
import { rateLimitedResponse, RateLimiter } from './rate-limit.ts';

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

Deno.test('a burst up to capacity passes, the next request is told when to retry', () => {
  const time = clock();
  const limiter = new RateLimiter({ capacity: 3, refillPerSecond: 0.5, now: time.now });
  assert.deepEqual(limiter.take('alice'), { allowed: true, remaining: 2 });
  assert.deepEqual(limiter.take('alice'), { allowed: true, remaining: 1 });
  assert.deepEqual(limiter.take('alice'), { allowed: true, remaining: 0 });
  assert.deepEqual(limiter.take('alice'), { allowed: false, retryAfterSeconds: 2 }, 'one token takes 2 s at 0.5/s');
  time.advance(1_000);
  assert.deepEqual(limiter.take('alice'), { allowed: false, retryAfterSeconds: 1 });
  time.advance(1_000);
  assert.deepEqual(limiter.take('alice'), { allowed: true, remaining: 0 });
});

Deno.test('users have separate buckets', () => {
  const time = clock();
  const limiter = new RateLimiter({ capacity: 1, refillPerSecond: 1, now: time.now });
  assert.equal(limiter.take('alice').allowed, true);
  assert.equal(limiter.take('alice').allowed, false);
  assert.equal(limiter.take('bob').allowed, true, "alice's use does not limit bob");
});

Deno.test('buckets refill to capacity, never beyond', () => {
  const time = clock();
  const limiter = new RateLimiter({ capacity: 2, refillPerSecond: 10, now: time.now });
  limiter.take('u');
  limiter.take('u');
  time.advance(60_000);
  assert.deepEqual(limiter.take('u'), { allowed: true, remaining: 1 });
  assert.deepEqual(limiter.take('u'), { allowed: true, remaining: 0 });
  assert.equal(limiter.take('u').allowed, false);
});

Deno.test('weighted requests and impossible costs', () => {
  const limiter = new RateLimiter({ capacity: 10, refillPerSecond: 1, now: clock().now });
  assert.deepEqual(limiter.take('u', 8), { allowed: true, remaining: 2 });
  assert.deepEqual(limiter.take('u', 5), { allowed: false, retryAfterSeconds: 3 });
  assert.throws(() => limiter.take('u', 11), RangeError);
  assert.throws(() => new RateLimiter({ capacity: 0, refillPerSecond: 1 }), RangeError);
});

Deno.test('memory stays bounded: least recently used buckets are dropped', () => {
  const time = clock();
  const limiter = new RateLimiter({ capacity: 1, refillPerSecond: 0.001, maxKeys: 3, now: time.now });
  for (const user of ['a', 'b', 'c']) limiter.take(user);
  limiter.take('a'); // a is now the most recent
  limiter.take('d'); // evicts b, the least recently used
  assert.equal(limiter.size, 3);
  assert.equal(limiter.take('a').allowed, false, 'a kept its (empty) bucket');
  assert.equal(limiter.take('b').allowed, true, 'b was forgotten, so it starts full again');
});

Deno.test('the 429 answer has Retry-After and the error shape', async () => {
  const response = rateLimitedResponse(2.2);
  assert.equal(response.status, 429);
  assert.equal(response.headers.get('retry-after'), '3');
  assert.deepEqual(await response.json(), {
    error: { code: 'rate_limited', message: 'Too many requests. Try again in 3 seconds.' },
  });
  assert.match((await rateLimitedResponse(1).json()).error.message, /in 1 second\.$/);
});
