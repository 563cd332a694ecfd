import { databaseCode, describeError, isUnstorableTextError, PostgresCode } from '@/lib/errors';

/** A collection the database refused to save, as a sentence about its title (unique per user, whatever the case). */
export function describeCollectionError(error: unknown, title: string): string {
  const code = databaseCode(error);
  if (code === PostgresCode.uniqueViolation) return `You already have a collection called “${title.trim()}” (titles ignore case). Choose another title.`;
  if (code === PostgresCode.checkViolation) return 'A title needs 1 to 100 characters, without spaces at the ends.';
  // The title field refuses such text first; this is for a title that slipped past it.
  if (isUnstorableTextError(error)) return 'The title contains a character that cannot be stored (a NUL character or a broken Unicode character). Delete it, then try again.';
  return describeError(error, 'The collection could not be saved');
}
