import { describe, expect, it } from 'vitest';
import { MAX_POLL_MS, nextPollDelay, POLL_MS } from './polling';

describe('nextPollDelay', () => {
  it('polls every 5 s while the server answers', () => {
    expect(nextPollDelay(0)).toBe(POLL_MS);
  });

  it('doubles the wait with each failure in a row, up to a minute', () => {
    expect([1, 2, 3, 4, 5, 10].map(nextPollDelay)).toEqual([10_000, 20_000, 40_000, MAX_POLL_MS, MAX_POLL_MS, MAX_POLL_MS]);
  });
});
