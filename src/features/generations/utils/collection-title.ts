import { z } from 'zod';
import { storableText } from '@/lib/storable-text';

/** A collection's title as the database keeps it: 1 to 100 characters, trimmed, storable text. */
export const collectionTitleSchema = z
  .string()
  .check(storableText('The title'))
  .trim()
  .min(1, 'Give the collection a title.')
  .max(100, 'Keep the title under 100 characters.');

/** What is wrong with a typed title, as a sentence, or null when it can be saved. */
export function collectionTitleProblem(title: string): string | null {
  const result = collectionTitleSchema.safeParse(title);
  return result.success ? null : (result.error.issues[0]?.message ?? 'Check the title.');
}
