/** Any error from an export or import as one sentence that says what to do. */
export function describeAccountError(error: unknown, doing: string): string {
  if (error instanceof TypeError && /fetch|network|load failed/i.test(error.message)) {
    return `${doing}: the Switchboard server could not be reached. Check your internet connection and try again.`;
  }
  if (typeof error === 'object' && error !== null && 'message' in error && 'code' in error) {
    const { code, message } = error as { code: unknown; message: unknown };
    if (code === 'PGRST301') return `${doing}: your session has expired. Sign in again, then retry.`;
    if (/Failed to fetch|NetworkError/i.test(String(message))) return `${doing}: the Switchboard server could not be reached. Check your internet connection and try again.`;
    if (code === '23514' || code === '23503' || code === '22P02') {
      return `${doing}: the server refused part of the file (${String(message)}). Rows written before this problem were kept; importing again skips them.`;
    }
    return `${doing}: ${String(message)}. Try again; rows already written are skipped on a second import.`;
  }
  return `${doing}: ${error instanceof Error ? error.message : String(error)}`;
}
