import { databaseCode, describeError, PostgresCode } from '@/lib/errors';

/**
 * A database refusal of a preset as a sentence, and the field it belongs to when there is one.
 * `doing` says what failed, for anything the presets table's constraints do not explain.
 */
export function describePresetError(error: unknown, name: string, doing = 'The preset could not be saved'): { field: 'name' | null; message: string } {
  switch (databaseCode(error)) {
    case PostgresCode.uniqueViolation:
      return { field: 'name', message: `You already have a preset named “${name}” (names ignore case). Choose another name.` };
    case PostgresCode.foreignKeyViolation:
      return { field: null, message: 'That connection no longer exists. Pick another one, or none.' };
    case PostgresCode.checkViolation:
      return { field: null, message: 'A value is outside what a preset allows. Check the ranges next to each field.' };
  }
  return { field: null, message: describeError(error, doing) };
}
