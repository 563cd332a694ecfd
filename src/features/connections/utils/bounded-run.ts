/**
 * Runs many slow, possibly hanging tasks with a concurrency bound, and still finishes by a deadline:
 * - each task gets an AbortSignal that fires at the run's deadline;
 * - a task running longer than `releaseAfterMs` gives its slot to the next one (it keeps running),
 *   so hanging tasks cannot hold the queue, while `maxInFlight` still bounds open requests;
 * - tasks that could not start before the deadline resolve with `notStarted()`;
 * - at the deadline plus `slackMs`, anything still pending resolves with `cutShort()`.
 */

export interface BoundedRunOptions<T> {
  concurrency: number;
  deadlineMs: number;
  releaseAfterMs?: number;
  maxInFlight?: number;
  slackMs?: number;
  notStarted: () => T;
  cutShort: () => T;
  onSettled?: (index: number, result: T, done: number) => void;
  /** Stops the whole run early (e.g. the page was left); pending tasks are cut short. */
  signal?: AbortSignal;
}

export function runBounded<I, T>(
  items: readonly I[],
  task: (item: I, signal: AbortSignal) => Promise<T>,
  options: BoundedRunOptions<T>,
): Promise<T[]> {
  const total = items.length;
  const results: Array<T | undefined> = new Array(total);
  const settled: boolean[] = new Array(total).fill(false);
  const concurrency = Math.max(1, options.concurrency);
  const releaseAfterMs = options.releaseAfterMs ?? Math.min(1_000, options.deadlineMs / 4);
  const maxInFlight = Math.max(concurrency, options.maxInFlight ?? concurrency * 4);
  const slackMs = options.slackMs ?? 250;
  const deadline = new AbortController();
  const timers: Array<ReturnType<typeof setTimeout>> = [];

  return new Promise<T[]>((resolve) => {
    if (total === 0) {
      resolve([]);
      return;
    }
    let next = 0;
    let slots = 0;
    let inFlight = 0;
    let done = 0;
    let finished = false;

    const finish = () => {
      if (finished) return;
      finished = true;
      timers.forEach(clearTimeout);
      options.signal?.removeEventListener('abort', expire);
      deadline.abort();
      resolve(results as T[]);
    };

    const settle = (index: number, result: T) => {
      if (settled[index] || finished) return;
      settled[index] = true;
      results[index] = result;
      done++;
      options.onSettled?.(index, result, done);
      if (done === total) finish();
    };

    const pump = () => {
      while (!deadline.signal.aborted && next < total && slots < concurrency && inFlight < maxInFlight) {
        const index = next++;
        const item = items[index] as I;
        slots++;
        inFlight++;
        let holdsSlot = true;
        const release = () => {
          if (!holdsSlot) return;
          holdsSlot = false;
          slots--;
          pump();
        };
        const releaseTimer = setTimeout(release, releaseAfterMs);
        timers.push(releaseTimer);
        task(item, deadline.signal)
          .then(
            (result) => settle(index, result),
            () => settle(index, options.cutShort()),
          )
          .finally(() => {
            clearTimeout(releaseTimer);
            inFlight--;
            release();
          });
      }
    };

    const expire = () => {
      deadline.abort();
      // Everything that never started is reported now; running tasks see the abort and settle.
      for (let index = next; index < total; index++) settle(index, options.notStarted());
      next = total;
      timers.push(
        setTimeout(() => {
          for (let index = 0; index < total; index++) settle(index, options.cutShort());
          finish();
        }, slackMs),
      );
    };
    timers.push(setTimeout(expire, options.deadlineMs));
    options.signal?.addEventListener('abort', expire, { once: true });
    pump();
  });
}
