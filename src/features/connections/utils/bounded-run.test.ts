import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runBounded } from './bounded-run';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** A task that answers after `ms`, or never (null), and gives up when the run's signal fires. */
function task(durations: Array<number | null>, started: number[]) {
  return (index: number, signal: AbortSignal) =>
    new Promise<string>((resolve, reject) => {
      started.push(index);
      const ms = durations[index];
      if (ms !== null && ms !== undefined) setTimeout(() => resolve(`done ${index}`), ms);
      signal.addEventListener('abort', () => reject(new DOMException('Aborted', 'AbortError')));
    });
}

const options = { concurrency: 2, deadlineMs: 5_000, releaseAfterMs: 1_000, maxInFlight: 8, slackMs: 250, notStarted: () => 'not started', cutShort: () => 'cut short' };

describe('runBounded', () => {
  it('runs everything with the bound and reports each result as it settles', async () => {
    const started: number[] = [];
    const progress: number[] = [];
    const run = runBounded([0, 1, 2, 3], task([100, 100, 100, 100], started), { ...options, onSettled: (_i, _r, done) => progress.push(done) });
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toEqual([0, 1]);
    await vi.advanceTimersByTimeAsync(100);
    expect(started).toEqual([0, 1, 2, 3]);
    await vi.advanceTimersByTimeAsync(100);
    expect(await run).toEqual(['done 0', 'done 1', 'done 2', 'done 3']);
    expect(progress).toEqual([1, 2, 3, 4]);
  });

  it('finishes by the deadline however many tasks hang, reporting who was cut short or never started', async () => {
    const started: number[] = [];
    const durations = Array.from({ length: 40 }, (_, i) => (i === 1 ? 200 : null));
    let settledAt = -1;
    const run = runBounded(
      durations.map((_, i) => i),
      task(durations, started),
      options,
    ).then((results) => {
      settledAt = Date.now();
      return results;
    });
    const t0 = Date.now();
    await vi.advanceTimersByTimeAsync(5_300);
    const results = await run;
    expect(settledAt - t0).toBeLessThanOrEqual(5_250);
    expect(results[1]).toBe('done 1');
    expect(results[0]).toBe('cut short');
    // Hanging tasks gave up their slots after a second, so more than the bound got to start...
    expect(started.length).toBeGreaterThan(2);
    // ...but never more than maxInFlight at once, and the rest were reported as not started.
    expect(started.length).toBeLessThanOrEqual(8 + 1);
    expect(results.filter((r) => r === 'not started').length).toBe(40 - started.length);
  });

  it('resolves at once for no tasks, and stops early when its signal fires', async () => {
    expect(await runBounded([], task([], []), options)).toEqual([]);
    const controller = new AbortController();
    const run = runBounded([0, 1, 2], task([null, null, null], []), { ...options, signal: controller.signal });
    await vi.advanceTimersByTimeAsync(10);
    controller.abort();
    await vi.advanceTimersByTimeAsync(300);
    expect(await run).toEqual(['cut short', 'cut short', 'not started']);
  });
});
