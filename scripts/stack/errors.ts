/**
 * An error the developer can act on: the message says what went wrong and what to do. The CLI prints
 * it without a stack trace; anything else is a bug in the tool and is printed in full.
 */
export class StackError extends Error {
  constructor(
    message: string,
    /** Extra lines shown under the message: log tails, SQL errors, commands to run. */
    readonly details?: string,
  ) {
    super(message);
    this.name = 'StackError';
  }
}

export function formatError(error: unknown): string {
  if (error instanceof StackError) return error.details ? `${error.message}\n\n${error.details}` : error.message;
  if (error instanceof Error) return error.stack ?? error.message;
  return String(error);
}
