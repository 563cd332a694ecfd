/**
 * How often the runtime page asks a server for its status: every few seconds while it answers,
 * backing off (doubling, up to a minute) while it does not, so a server that is down is not
 * hammered. React Query pauses the interval while the tab is hidden.
 */
export const POLL_MS = 5_000;
export const MAX_POLL_MS = 60_000;

export function nextPollDelay(consecutiveFailures: number): number {
  if (consecutiveFailures <= 0) return POLL_MS;
  return Math.min(MAX_POLL_MS, POLL_MS * 2 ** consecutiveFailures);
}
