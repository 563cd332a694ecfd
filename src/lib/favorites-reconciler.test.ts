import { describe, expect, it } from 'vitest';
import { createFavoritesReconciler } from './favorites-reconciler';

interface Call {
  favorite: boolean;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** A fake RPC whose responses the test releases in any order; `server` applies in release order. */
function setup(initial = false) {
  const calls: Call[] = [];
  let server = initial;
  let shown = initial;
  let pending = false;
  const reconciler = createFavoritesReconciler<string>({
    send: (_key, favorite) =>
      new Promise<void>((resolve, reject) => {
        calls.push({ favorite, resolve: () => ((server = favorite), resolve()), reject });
      }),
    onChange: (_key, favorite, isPending) => {
      shown = favorite;
      pending = isPending;
    },
  });
  const click = () => reconciler.set('conn/gpt-4o', !shown, server);
  const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
  return { calls, reconciler, click, flush, state: () => ({ shown, pending, server }) };
}

describe('favorites reconciler', () => {
  it('changes the star in the same call, before any response', () => {
    const { click, state } = setup();
    void click();
    expect(state()).toEqual({ shown: true, pending: true, server: false });
  });

  it.each([
    ['in order', [0, 1, 2]],
    ['reversed', [2, 1, 0]],
    ['latest first, then oldest', [2, 0, 1]],
    ['latest in the middle', [1, 2, 0]],
  ])('three rapid clicks end starred whatever order responses arrive in (%s)', async (_, order) => {
    const { calls, click, flush, state } = setup();
    const outcomes = [click(), click(), click()];
    expect(calls.map((call) => call.favorite)).toEqual([true, false, true]);
    for (const index of order) {
      calls[index]!.resolve();
      await flush();
    }
    // A repair request goes out when an older write was acknowledged last.
    while (calls.length > 3 && state().server !== true) {
      calls.at(-1)!.resolve();
      await flush();
    }
    expect(state()).toEqual({ shown: true, pending: false, server: true });
    expect(await outcomes[2]).toEqual({ status: 'confirmed' });
    expect(await outcomes[0]).toEqual({ status: 'superseded' });
  });

  it('re-sends the latest intent when an older write is acknowledged after it', async () => {
    const { calls, click, flush, state } = setup();
    void click(); // star
    void click(); // unstar
    calls[1]!.resolve();
    await flush();
    calls[0]!.resolve(); // the server applied "star" last
    await flush();
    expect(calls).toHaveLength(3);
    expect(calls[2]!.favorite).toBe(false);
    calls[2]!.resolve();
    await flush();
    expect(state()).toEqual({ shown: false, pending: false, server: false });
  });

  it('ignores a failure of an older click', async () => {
    const { calls, click, flush, state } = setup();
    const first = click();
    void click();
    void click();
    calls[0]!.reject(new Error('network'));
    await flush();
    expect(state().shown).toBe(true);
    calls[2]!.resolve();
    calls[1]!.resolve();
    await flush();
    calls.slice(3).forEach((call) => call.resolve());
    await flush();
    expect(await first).toEqual({ status: 'superseded' });
    expect(state()).toMatchObject({ shown: true, server: true });
  });

  it('rolls back to the last confirmed server state when the latest click fails', async () => {
    const { calls, click, flush, state } = setup();
    void click(); // star
    const last = click(); // unstar
    calls[0]!.resolve(); // the star reached the server
    await flush();
    const error = new Error('offline');
    calls[1]!.reject(error);
    expect(await last).toEqual({ status: 'failed', favorite: true, error });
    expect(state()).toEqual({ shown: true, pending: false, server: true });
  });

  it('rolls back to the original value when the only click fails', async () => {
    const { calls, click, reconciler, state } = setup(true);
    const outcome = click();
    expect(reconciler.isPending('conn/gpt-4o')).toBe(true);
    calls[0]!.reject(new Error('500'));
    expect(await outcome).toMatchObject({ status: 'failed', favorite: true });
    expect(state()).toMatchObject({ shown: true, pending: false });
    expect(reconciler.isPending('conn/gpt-4o')).toBe(false);
  });

  it('keeps stars independent', async () => {
    const sent: string[] = [];
    const reconciler = createFavoritesReconciler<string>({ send: (key) => (sent.push(key), Promise.resolve()), onChange: () => {} });
    await Promise.all([reconciler.set('a/x', true, false), reconciler.set('b/y', true, false)]);
    expect(sent).toEqual(['a/x', 'b/y']);
  });
});
