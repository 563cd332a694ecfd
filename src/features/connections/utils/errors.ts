/**
 * Turns what can go wrong while talking to the backend into sentences that say what happened and
 * what to do. PostgREST errors carry a Postgres code (23505 unique violation, 23514 check violation,
 * 42501 permission) and name the constraint in their message.
 */
import { FunctionError } from '@/lib/edge-functions';
import { metadataAddressProblem } from '@/lib/base-url';

export interface PostgrestLikeError {
  code?: string;
  message: string;
  details?: string | null;
  hint?: string | null;
}

/** An Edge Function's `{ error: { code, message } }` answer, or a failure to reach it. */
export function isPostgrestError(error: unknown): error is PostgrestLikeError {
  return typeof error === 'object' && error !== null && 'message' in error && 'code' in error && typeof (error as { code: unknown }).code === 'string';
}

function isNetworkError(error: unknown): boolean {
  if (error instanceof TypeError && /fetch|network|load failed/i.test(error.message)) return true;
  return isPostgrestError(error) && /Failed to fetch|NetworkError|Load failed/i.test(error.message);
}

export const NETWORK_MESSAGE = "Can't reach the Switchboard server. Check your internet connection and try again.";

export type ConnectionField = 'name' | 'kind' | 'base_url' | 'models_path' | 'auth_header' | 'api_key';

export interface DescribedError {
  /** The form field the message belongs next to; null for the whole form (or a toast). */
  field: ConnectionField | null;
  message: string;
}

/**
 * What Postgres says when text holds a NUL (22P05, "unsupported Unicode escape sequence") or a
 * lone surrogate (invalid JSON input): the forms refuse both first, so this is the fallback.
 */
function isUnstorableTextError(error: PostgrestLikeError): boolean {
  return error.code === '22P05' || /unsupported Unicode escape|surrogate/i.test(`${error.message} ${error.details ?? ''}`);
}

export const UNSTORABLE_TEXT_MESSAGE =
  'Some text contains a character that cannot be stored (a NUL character or a broken Unicode character). Delete it (it may be invisible), then try again.';

/**
 * Errors saving a connection row, mapped to the field they concern. `baseUrl` is the address that
 * was sent: a metadata refusal from the database reads exactly like the form's own.
 */
export function describeConnectionSaveError(error: unknown, name: string, baseUrl?: string): DescribedError {
  if (isPostgrestError(error)) {
    const text = `${error.message} ${error.details ?? ''}`;
    if (error.code === '23505' && /connections_owner_name_key/.test(text)) {
      return { field: 'name', message: `You already have a connection named “${name}”. Choose another name.` };
    }
    if (error.code === '23514' && /connections_base_url_not_metadata/.test(text)) {
      return { field: 'base_url', message: (baseUrl && metadataAddressProblem(baseUrl)) || error.message };
    }
    if (isUnstorableTextError(error)) return { field: null, message: UNSTORABLE_TEXT_MESSAGE };
    if (error.code === '23514') {
      if (/connections_base_url_http/.test(text)) {
        return { field: 'base_url', message: 'Use an http:// or https:// address without a user name or password.' };
      }
      if (/connections_name_(length|trimmed)/.test(text)) {
        return { field: 'name', message: 'Use a name of 1 to 100 characters without line breaks or surrounding spaces.' };
      }
      if (/connections_models_path/.test(text) || /models path/i.test(error.message)) {
        return { field: 'models_path', message: error.message.includes('models path') ? error.message : 'Enter a path that starts with a slash, like /v1/models.' };
      }
      if (/connections_auth_header_format/.test(text)) {
        return { field: 'auth_header', message: 'Use a header name of letters, digits and dashes, like X-API-Key.' };
      }
    }
    if (error.code === '23503' && /kind/.test(text)) {
      return { field: 'kind', message: 'This kind of connection is not known to the server. Reload the page and choose again.' };
    }
  }
  return { field: null, message: describeError(error, 'The connection could not be saved') };
}

/**
 * Any error as one sentence. `doing` says what failed ("The connection could not be deleted"); the
 * rest says why and what to do.
 */
export function describeError(error: unknown, doing = 'That did not work'): string {
  if (isNetworkError(error)) return NETWORK_MESSAGE;
  if (error instanceof FunctionError) return error.message;
  if (isPostgrestError(error)) {
    if (error.code === 'PGRST301' || /JWT expired/i.test(error.message)) return 'Your session has expired. Sign in again, then retry.';
    if (error.code === '42501') return `${doing}: you are not allowed to change this. Reload the page; if it keeps happening, sign in again.`;
    if (error.code === 'PGRST116') return `${doing}: it no longer exists. Reload the page.`;
    if (isUnstorableTextError(error)) return `${doing}: ${UNSTORABLE_TEXT_MESSAGE.charAt(0).toLowerCase()}${UNSTORABLE_TEXT_MESSAGE.slice(1)}`;
    // Messages our own database raises are already sentences (RPCs, the models-path trigger).
    if (/^[A-Z].*[.!]$/.test(error.message.trim()) && !/violates|relation|column|syntax/i.test(error.message)) return error.message;
    return `${doing}. Try again; if it keeps happening, tell whoever runs this server. (${error.message})`;
  }
  if (error instanceof DOMException && (error.name === 'AbortError' || error.name === 'TimeoutError')) {
    return `${doing}: the server took too long to answer. Try again.`;
  }
  const detail = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  return detail ? `${doing}: ${detail}` : `${doing}. Try again.`;
}
