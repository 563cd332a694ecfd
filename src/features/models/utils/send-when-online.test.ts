import { describe, expect, it } from 'vitest';
import { sendWhenOnline, type NetworkStatus } from './send-when-online';

function fakeNetwork(online: boolean) {
  let resolveOnline: (() => void) | null = null;
  const network: NetworkStatus & { goOnline: () => void; goOffline: () => void } = {
    isOnline: () => online,
    waitForOnline: () => new Promise<void>((resolve) => (resolveOnline = resolve)),
    goOnline: () => {
      online = true;
      resolveOnline?.();
    },
    goOffline: () => {
      online = false;
    },
  };
  return network;
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('sendWhenOnline', () => {
  it('sends at once when online and never reports waiting', async () => {
    const waits: boolean[] = [];
    let sent = 0;
    await expect(sendWhenOnline(async () => ++sent, (w) => waits.push(w), fakeNetwork(true))).resolves.toBe(1);
    expect(waits).toEqual([]);
  });

  it('holds the request while offline and sends it once the network returns', async () => {
    const network = fakeNetwork(false);
    const waits: boolean[] = [];
    let sent = 0;
    const result = sendWhenOnline(async () => ++sent, (w) => waits.push(w), network);
    await flush();
    expect(sent).toBe(0);
    expect(waits).toEqual([true]);
    network.goOnline();
    await expect(result).resolves.toBe(1);
    expect(waits).toEqual([true, false]);
  });

  it('sends a request the network dropped again when it comes back', async () => {
    const network = fakeNetwork(true);
    let attempts = 0;
    const result = sendWhenOnline(
      async () => {
        attempts++;
        if (attempts === 1) {
          network.goOffline();
          throw new TypeError('Failed to fetch');
        }
        return 'saved';
      },
      () => undefined,
      network,
    );
    await flush();
    expect(attempts).toBe(1);
    network.goOnline();
    await expect(result).resolves.toBe('saved');
    expect(attempts).toBe(2);
  });

  it('passes a refusal made while online straight to the caller', async () => {
    const refusal = { code: 'PT404', message: 'The model is not listed.' };
    await expect(sendWhenOnline(() => Promise.reject(refusal), () => undefined, fakeNetwork(true))).rejects.toBe(refusal);
  });
});
