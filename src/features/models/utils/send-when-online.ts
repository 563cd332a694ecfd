/** The browser's idea of the network, injectable so tests can go offline without a browser. */
export interface NetworkStatus {
  isOnline: () => boolean;
  /** Resolves at the next moment the browser reports it is back online. */
  waitForOnline: () => Promise<void>;
}

export const browserNetwork: NetworkStatus = {
  isOnline: () => typeof navigator === 'undefined' || navigator.onLine,
  waitForOnline: () => new Promise((resolve) => window.addEventListener('online', () => resolve(), { once: true })),
};

/**
 * Sends now when online; while offline, holds the request until the network returns (a request
 * the network dropped mid-flight is sent again then). `onWaiting` says when the request is held,
 * so the UI can show it as pending. Failures while online are the caller's to handle.
 */
export async function sendWhenOnline<T>(send: () => Promise<T>, onWaiting: (waiting: boolean) => void, network: NetworkStatus = browserNetwork): Promise<T> {
  let waiting = false;
  const setWaiting = (next: boolean) => {
    if (next !== waiting) onWaiting((waiting = next));
  };
  try {
    for (;;) {
      if (!network.isOnline()) {
        setWaiting(true);
        await network.waitForOnline();
      }
      try {
        return await send();
      } catch (error) {
        // Online means the server (or the route to it) refused: that is an answer, not a dropout.
        if (network.isOnline()) throw error;
      }
    }
  } finally {
    setWaiting(false);
  }
}
