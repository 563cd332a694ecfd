import { describeError, isPostgrestError, PostgresCode } from '@/lib/errors';

/** How the database refuses a row of the file itself: a value out of range, a missing reference, a malformed id. */
const REFUSED_ROW_CODES: ReadonlySet<string | undefined> = new Set([PostgresCode.checkViolation, PostgresCode.foreignKeyViolation, PostgresCode.invalidTextRepresentation]);

/**
 * An import that stopped part-way, as one sentence that says what to do: rows already written stay,
 * and importing the same file again skips them.
 */
export function describeImportError(error: unknown): string {
  if (isPostgrestError(error) && REFUSED_ROW_CODES.has(error.code)) {
    return `The import stopped: the server refused part of the file (${error.message}). Rows written before this problem were kept; importing again skips them.`;
  }
  return `${describeError(error, 'The import stopped')} Rows already written are skipped on a second import.`;
}
