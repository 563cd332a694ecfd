/**
 * runBounded with tasks that answer, hang or throw, on a fake clock: every timer the run sets is
 * fired in order as the test moves time on, so "done by the deadline" is checked exactly.
 */
import assert from 'node:assert/strict';
import { runBounded } from './bounded-run.ts';

/** Replaces setTimeout/clearTimeout while installed; `advance` runs due timers in time order. */
class FakeClock {
  now = 0;
  private timers = new Map<number, { at: number; run: () => void }>();
  private nextId = 1;
  private readonly real = { setTimeout: globalThis.setTimeout, clearTimeout: globalThis.clearTimeout };

  install(): this {
    globalThis.setTimeout = ((run: () => void, ms = 0) => {
      const id = this.nextId++;
      this.timers.set(id, { at: this.now + ms, run });
      return id;
    }) as unknown as typeof setTimeout;
    globalThis.clearTimeout = ((id: number) => void this.timers.delete(id)) as unknown as typeof clearTimeout;
    return this;
  }

  restore() {
    Object.assign(globalThis, this.real);
  }

  /** Lets promise callbacks run (one real macrotask). */
  private settle() {
    return new Promise((resolve) => this.real.setTimeout(resolve, 0));
  }

  async advance(ms: number) {
    const end = this.now + ms;
    for (;;) {
      await this.settle();
      const due = [...this.timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.now = due[1].at;
      due[1].run();
    }
    this.now = end;
    await this.settle();
  }
}

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

function withClock(name: string, body: (clock: FakeClock) => Promise<void>) {
  Deno.test(name, async () => {
    const clock = new FakeClock().install();
    try {
      await body(clock);
    } finally {
      clock.restore();
    }
  });
}

withClock('runs everything with the bound and reports each result as it settles', async (clock) => {
  const started: number[] = [];
  const progress: number[] = [];
  const run = runBounded([0, 1, 2, 3], task([100, 100, 100, 100], started), { ...options, now: () => clock.now, onSettled: (_i, _r, done) => progress.push(done) });
  await clock.advance(0);
  assert.deepEqual(started, [0, 1]);
  await clock.advance(100);
  assert.deepEqual(started, [0, 1, 2, 3]);
  await clock.advance(100);
  assert.deepEqual(await run, ['done 0', 'done 1', 'done 2', 'done 3']);
  assert.deepEqual(progress, [1, 2, 3, 4]);
});

withClock('finishes by the deadline however many tasks hang, reporting who was cut short or never started', async (clock) => {
  const started: number[] = [];
  const durations = Array.from({ length: 40 }, (_, i) => (i === 1 ? 200 : null));
  let settledAt = -1;
  const run = runBounded(durations.map((_, i) => i), task(durations, started), { ...options, now: () => clock.now }).then((results) => {
    settledAt = clock.now;
    return results;
  });
  await clock.advance(5_300);
  const results = await run;
  assert.ok(settledAt <= 5_250, `settled at ${settledAt} ms`);
  assert.equal(results[1], 'done 1');
  assert.equal(results[0], 'cut short');
  // Hanging tasks gave up their slots after a second, so more than the bound got to start...
  assert.ok(started.length > 2);
  // ...but never more than maxInFlight at once, and the rest were reported as not started.
  assert.ok(started.length <= 8 + 1);
  assert.equal(results.filter((r) => r === 'not started').length, 40 - started.length);
});

withClock('resolves at once for no tasks, and stops early when its signal fires', async (clock) => {
  assert.deepEqual(await runBounded([], task([], []), options), []);
  const controller = new AbortController();
  const run = runBounded([0, 1, 2], task([null, null, null], []), { ...options, now: () => clock.now, signal: controller.signal });
  await clock.advance(10);
  controller.abort();
  await clock.advance(300);
  assert.deepEqual(await run, ['cut short', 'cut short', 'not started']);
});

withClock('a task that throws ends as `failed` says; without enough time left, none is started', async (clock) => {
  const thrown = await runBounded([0, 1], (i) => (i === 0 ? Promise.reject(new Error('bug')) : Promise.resolve('fine')), {
    ...options,
    now: () => clock.now,
    failed: (error) => `failed: ${(error as Error).message}`,
  });
  assert.deepEqual(thrown, ['failed: bug', 'fine']);
  const started: number[] = [];
  assert.deepEqual(await runBounded([0, 1], task([1, 1], started), { ...options, now: () => clock.now, minBudgetMs: 6_000 }), ['not started', 'not started']);
  assert.deepEqual(started, []);
});

withClock('each task is told the time left in the run', async (clock) => {
  const left: number[] = [];
  const run = runBounded([0, 1, 2], (_i, _signal, remainingMs) => {
    left.push(remainingMs);
    return new Promise<string>((resolve) => setTimeout(() => resolve('ok'), 100));
  }, { ...options, concurrency: 1, releaseAfterMs: 1_000, now: () => clock.now });
  await clock.advance(300);
  await run;
  assert.deepEqual(left, [5_000, 4_900, 4_800]);
});
