/**
 * Runs many slow, possibly hanging tasks with a concurrency bound, and still finishes by a deadline
 * (the health function's "Check all" and the browser's, alike):
 * - each task gets an AbortSignal that fires at the run's deadline, and the time left when it starts;
 * - a task running longer than `releaseAfterMs` gives its slot to the next one (it keeps running),
 *   so hanging tasks cannot hold the queue, while `maxInFlight` still bounds open requests;
 * - tasks that could not start before the deadline (or with less than `minBudgetMs` left) resolve
 *   with `notStarted()`;
 * - at the deadline plus `slackMs`, anything still pending resolves with `cutShort()`.
 */

export interface BoundedRunOptions<T> {
  concurrency: number;
  deadlineMs: number;
  /** Default min(1 s, deadline / 4). */
  releaseAfterMs?: number;
  /** Default concurrency x 4. */
  maxInFlight?: number;
  /** Default 250 ms. */
  slackMs?: number;
  /** A task is not started with less time than this left. Default 0. */
  minBudgetMs?: number;
  notStarted: () => T;
  cutShort: () => T;
  /** The result of a task that threw. Default cutShort(). */
  failed?: (error: unknown) => T;
  onSettled?: (index: number, result: T, done: number) => void;
  /** Stops the whole run early (e.g. the page was left); pending tasks are cut short. */
  signal?: AbortSignal;
  now?: () => number;
}

export function runBounded<I, T>(
  items: readonly I[],
  task: (item: I, signal: AbortSignal, remainingMs: number) => Promise<T>,
  options: BoundedRunOptions<T>,
): Promise<T[]> {
  const total = items.length;
  const results: Array<T | undefined> = new Array(total);
  const settled: boolean[] = new Array(total).fill(false);
  const now = options.now ?? (() => performance.now());
  const started = now();
  const concurrency = Math.max(1, options.concurrency);
  const releaseAfterMs = options.releaseAfterMs ?? Math.min(1_000, options.deadlineMs / 4);
  const maxInFlight = Math.max(concurrency, options.maxInFlight ?? concurrency * 4);
  const slackMs = options.slackMs ?? 250;
  const minBudgetMs = options.minBudgetMs ?? 0;
  const failed = options.failed ?? (() => options.cutShort());
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
      try {
        options.onSettled?.(index, result, done);
      } catch { /* a failing progress callback must not stop the run */ }
      if (done === total) finish();
    };

    /** Everything that has not started is reported now. */
    const giveUpOnRest = () => {
      for (let index = next; index < total; index++) settle(index, options.notStarted());
      next = total;
    };

    const pump = () => {
      while (!deadline.signal.aborted && next < total && slots < concurrency && inFlight < maxInFlight) {
        const remainingMs = options.deadlineMs - (now() - started);
        if (remainingMs < minBudgetMs) {
          giveUpOnRest();
          return;
        }
        const index = next++;
        const item = items[index] as I;
        slots++;
        inFlight++;
        let holdsSlot = true;
        // Called when the slot time runs out and again when the task ends; either may free room (a
        // slot, or an in-flight place), so both pump the queue.
        const release = () => {
          if (!holdsSlot) return;
          holdsSlot = false;
          slots--;
          pump();
        };
        const releaseTimer = setTimeout(release, releaseAfterMs);
        timers.push(releaseTimer);
        let running: Promise<T>;
        try {
          running = task(item, deadline.signal, remainingMs);
        } catch (error) {
          running = Promise.reject(error);
        }
        running
          .then(
            (result) => settle(index, result),
            (error) => settle(index, deadline.signal.aborted ? options.cutShort() : failed(error)),
          )
          .finally(() => {
            clearTimeout(releaseTimer);
            inFlight--;
            release();
            // A task that ended after its slot was released frees an in-flight place only.
            pump();
          });
      }
    };

    const expire = () => {
      deadline.abort();
      // Running tasks see the abort and settle; the guard settles those that do not.
      giveUpOnRest();
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
