import { describeError, isNetworkError } from '@/lib/errors';

/**
 * Any error in the catalog as one sentence. A star can fail for one model among many, and its
 * toast has no title, so even a lost network is said after what failed ("gpt-4o could not be
 * added to favorites: ..."); the rest is describeError's.
 */
export function describeModelsError(error: unknown, doing: string): string {
  if (isNetworkError(error)) return `${doing}: the server could not be reached. Check your connection and try again.`;
  return describeError(error, doing);
}
