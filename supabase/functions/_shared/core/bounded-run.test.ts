/**
 * runBounded with tasks that answer, hang or throw. Durations are short and real; what is asserted
 * is who ran, in what order results came, and how each ended, never how long it took.
 */
import assert from 'node:assert/strict';
import { runBounded } from './bounded-run.ts';

/** A task that answers after `ms`, or never (null), and gives up when the run's signal fires. */
function task(durations: Array<number | null>, started: number[]) {
  return (index: number, signal: AbortSignal) =>
    new Promise<string>((resolve, reject) => {
      started.push(index);
      const ms = durations[index];
      const timer = ms !== null && ms !== undefined ? setTimeout(() => resolve(`done ${index}`), ms) : undefined;
      signal.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(new DOMException('Aborted', 'AbortError'));
      });
    });
}

const options = { concurrency: 2, deadlineMs: 400, releaseAfterMs: 50, maxInFlight: 8, slackMs: 50, notStarted: () => 'not started', cutShort: () => 'cut short' };

Deno.test('runs everything with the bound and reports each result as it settles', async () => {
  const started: number[] = [];
  const progress: number[] = [];
  const run = runBounded([0, 1, 2, 3], task([10, 10, 10, 10], started), { ...options, releaseAfterMs: 1_000, onSettled: (_i, _r, done) => progress.push(done) });
  assert.deepEqual(started, [0, 1], 'two at once');
  assert.deepEqual(await run, ['done 0', 'done 1', 'done 2', 'done 3']);
  assert.deepEqual(started, [0, 1, 2, 3]);
  assert.deepEqual(progress, [1, 2, 3, 4]);
});

Deno.test('finishes however many tasks hang, reporting who was cut short or never started', async () => {
  const started: number[] = [];
  const durations = Array.from({ length: 40 }, (_, i) => (i === 1 ? 20 : null));
  const results = await runBounded(durations.map((_, i) => i), task(durations, started), options);
  assert.equal(results[1], 'done 1');
  assert.equal(results[0], 'cut short');
  // Hanging tasks gave up their slots, so more than the bound got to start...
  assert.ok(started.length > 2, `${started.length} started`);
  // ...but never more than maxInFlight at once, and the rest were reported as not started.
  assert.ok(started.length <= 8 + 1, `${started.length} started`);
  assert.equal(results.filter((r) => r === 'not started').length, 40 - started.length);
  assert.equal(results.filter((r) => r === 'cut short').length, started.length - 1);
});

Deno.test('resolves at once for no tasks, and stops early when its signal fires', async () => {
  assert.deepEqual(await runBounded([], task([], []), options), []);
  const controller = new AbortController();
  const run = runBounded([0, 1, 2], task([null, null, null], []), { ...options, releaseAfterMs: 1_000, signal: controller.signal });
  controller.abort();
  assert.deepEqual(await run, ['cut short', 'cut short', 'not started']);
});

Deno.test('a task that throws ends as `failed` says; without enough time left, none is started', async () => {
  const thrown = await runBounded([0, 1], (i) => (i === 0 ? Promise.reject(new Error('bug')) : Promise.resolve('fine')), {
    ...options,
    failed: (error) => `failed: ${(error as Error).message}`,
  });
  assert.deepEqual(thrown, ['failed: bug', 'fine']);
  const started: number[] = [];
  assert.deepEqual(await runBounded([0, 1], task([1, 1], started), { ...options, minBudgetMs: 500 }), ['not started', 'not started']);
  assert.deepEqual(started, []);
});

Deno.test('each task is told the time left in the run', async () => {
  let clock = 0;
  const left: number[] = [];
  await runBounded([0, 1, 2], (_i, _signal, remainingMs) => {
    left.push(remainingMs);
    clock += 100;
    return Promise.resolve('ok');
  }, { ...options, concurrency: 1, now: () => clock });
  assert.deepEqual(left, [400, 300, 200]);
});
