/**
 * What can go wrong, read one way for the whole app: a request that never got an answer, a session
 * that expired, a database refusal with its Postgres or PostgREST code, an Edge Function's or a
 * browser request's own `{ code, message }`. describeError turns any of them into one sentence that
 * says what failed and what to do; a feature adds only what it alone knows (which constraint means
 * which field, a sentence that names its own data) and hands the rest to describeError.
 */
import { isAuthError, isAuthRetryableFetchError } from '@supabase/supabase-js';

/**
 * A failure whose message is already a sentence a person can act on, with a stable code in the
 * vocabulary the Edge Functions answer with (`{ error: { code, message } }`): `unreachable`,
 * `timeout`, `invalid_request`, `not_found`, ...
 */
export class ExplainedError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ExplainedError';
  }
}

/**
 * A request this browser made itself to a person's own server (one only their browser can reach):
 * listing models, running a prompt, loading or unloading a model. Not a FunctionError: no function
 * was called. `status` is what that server answered, 0 when it did not answer or nothing was sent.
 */
export class BrowserRequestError extends ExplainedError {
  constructor(
    code: string,
    message: string,
    readonly status = 0,
  ) {
    super(code, message);
    this.name = 'BrowserRequestError';
  }
}

export const NETWORK_MESSAGE = "Can't reach the Switchboard server. Check your internet connection and try again.";

export const SESSION_EXPIRED_MESSAGE = 'Your session has expired. Sign in again, then retry.';

export const UNSTORABLE_TEXT_MESSAGE =
  'Some text contains a character that cannot be stored (a NUL character or a broken Unicode character). Delete it (it may be invisible), then try again.';

/** Postgres error codes the app reacts to (SQLSTATE; PostgREST passes them through as `code`). */
export const PostgresCode = {
  uniqueViolation: '23505',
  foreignKeyViolation: '23503',
  checkViolation: '23514',
  invalidTextRepresentation: '22P02',
  untranslatableCharacter: '22P05',
  insufficientPrivilege: '42501',
} as const;

/** PostgREST's own codes. */
export const PostgrestCode = {
  jwtExpired: 'PGRST301',
  noRows: 'PGRST116',
} as const;

/** What PostgREST answers (supabase-js hands it over as `error`), including a fetch it could not make. */
export interface PostgrestLikeError {
  code?: string;
  message: string;
  details?: string | null;
  hint?: string | null;
}

export function isPostgrestError(error: unknown): error is PostgrestLikeError {
  if (typeof error !== 'object' || error === null || error instanceof ExplainedError || isAuthError(error)) return false;
  return typeof (error as { message?: unknown }).message === 'string' && typeof (error as { code?: unknown }).code === 'string';
}

/** The Postgres or PostgREST code of a database refusal, or undefined for any other error. */
export function databaseCode(error: unknown): string | undefined {
  return isPostgrestError(error) ? error.code : undefined;
}

/**
 * Whether a database refusal mentions this, in its message or its details: a constraint's name
 * (Postgres puts it in the message, the app's triggers in the details) or a phrase.
 */
export function refusalMentions(error: PostgrestLikeError, pattern: RegExp): boolean {
  return pattern.test(`${error.message} ${error.details ?? ''}`);
}

/**
 * What Postgres says when text holds a NUL (22P05, "unsupported Unicode escape sequence") or a
 * lone surrogate (invalid JSON input): the forms refuse both first, so this is the fallback.
 */
export function isUnstorableTextError(error: unknown): boolean {
  if (!isPostgrestError(error)) return false;
  return error.code === PostgresCode.untranslatableCharacter || refusalMentions(error, /unsupported Unicode escape|surrogate/i);
}

export function isSessionExpired(error: unknown): boolean {
  return isPostgrestError(error) && (error.code === PostgrestCode.jwtExpired || /JWT expired/i.test(error.message));
}

/**
 * What each browser says when a request got no answer at all (Chrome, Firefox, Safari, Node's
 * fetch): offline, DNS, a refused connection, CORS. PostgREST's client passes it on as
 * "TypeError: Failed to fetch".
 */
const NO_ANSWER = /Failed to fetch|NetworkError|Load failed|fetch failed/i;

/**
 * Whether a request to the Switchboard server got no answer. An ExplainedError never counts: it
 * already says which server could not be reached.
 */
export function isNetworkError(error: unknown): boolean {
  if (error instanceof ExplainedError) return false;
  // Supabase Auth's client reports a failed fetch with status 0 (and a 5xx with its status).
  if (isAuthRetryableFetchError(error)) return !error.status;
  const message = typeof error === 'object' && error !== null ? (error as { message?: unknown }).message : undefined;
  return typeof message === 'string' && NO_ANSWER.test(message);
}

/** A request given up on: the app aborts requests that take too long (and nobody reads a sentence after a page closes). */
export function isTimeout(error: unknown): boolean {
  return error instanceof DOMException && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

/** The `{ error: { code, message } }` every Edge Function answers a failure with, read from a parsed body. */
export function functionErrorOf(body: unknown): { code?: string; message?: string } {
  const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  if (typeof error !== 'object' || error === null) return {};
  const { code, message } = error as { code?: unknown; message?: unknown };
  return { code: typeof code === 'string' ? code : undefined, message: typeof message === 'string' ? message : undefined };
}

/** Messages our own database raises (RPCs, triggers) are already sentences; Postgres's own are not. */
function isOwnSentence(message: string): boolean {
  return /^[A-Z].*[.!]$/.test(message.trim()) && !/violates|relation|column|syntax/i.test(message);
}

function lowerFirst(sentence: string): string {
  return sentence.charAt(0).toLowerCase() + sentence.slice(1);
}

function describeDatabaseError(error: PostgrestLikeError, doing: string): string {
  if (error.code === PostgrestCode.noRows) return `${doing}: it no longer exists. Reload the page.`;
  if (isUnstorableTextError(error)) return `${doing}: ${lowerFirst(UNSTORABLE_TEXT_MESSAGE)}`;
  // Before the generic reading of 42501: an RPC's "Sign in to star models." says more.
  if (isOwnSentence(error.message)) return error.message;
  if (error.code === PostgresCode.insufficientPrivilege) return `${doing}: you are not allowed to change this. Reload the page; if it keeps happening, sign in again.`;
  return `${doing}. Try again; if it keeps happening, tell whoever runs this server. (${error.message})`;
}

/**
 * Any error as one sentence. `doing` says what failed ("The connection could not be deleted"); the
 * rest says why and what to do. A lost network or an expired session is said on its own: whatever
 * was being done, the fix is the same.
 */
export function describeError(error: unknown, doing = 'That did not work'): string {
  if (error instanceof ExplainedError) return error.message;
  if (isNetworkError(error)) return NETWORK_MESSAGE;
  if (isSessionExpired(error)) return SESSION_EXPIRED_MESSAGE;
  if (isPostgrestError(error)) return describeDatabaseError(error, doing);
  if (isTimeout(error)) return `${doing}: the server took too long to answer. Try again.`;
  const detail = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  return detail ? `${doing}: ${detail}` : `${doing}. Try again.`;
}
