const NETWORK = /Failed to fetch|NetworkError|Load failed|fetch failed/i;

/** Any error as one sentence: what failed, why, and what to do. */
export function describeModelsError(error: unknown, doing: string): string {
  const message = error instanceof Error || (typeof error === 'object' && error !== null && 'message' in error) ? String((error as { message: unknown }).message) : '';
  if (NETWORK.test(message)) return `${doing}: the server could not be reached. Check your connection and try again.`;
  // Messages our own database raises are already sentences that say what to do.
  if (/^[A-Z].*[.!]$/.test(message.trim()) && !/violates|relation|column|syntax/i.test(message)) return `${doing}. ${message}`;
  return `${doing}. Try again.`;
}
