import { describe, expect, it } from 'vitest';
import { runBatch } from './run-batch';

describe('runBatch', () => {
  it('goes on after a failure and reports every model’s outcome and the progress', async () => {
    const progress: number[] = [];
    const results = await runBatch(
      ['a', 'b', 'c'],
      async (id) => {
        if (id === 'b') throw new Error('b does not fit in memory.');
      },
      (done) => progress.push(done),
    );
    expect(results).toEqual([{ id: 'a', ok: true }, { id: 'b', ok: false, message: 'b does not fit in memory.' }, { id: 'c', ok: true }]);
    expect(progress).toEqual([1, 2, 3]);
  });

  it('runs one at a time, in order', async () => {
    const log: string[] = [];
    await runBatch(
      ['x', 'y'],
      async (id) => {
        log.push(`start ${id}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
        log.push(`end ${id}`);
      },
      () => undefined,
    );
    expect(log).toEqual(['start x', 'end x', 'start y', 'end y']);
  });
});
