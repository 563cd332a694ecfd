import type http from 'node:http';

/**
 * Error codes Supabase Auth puts in its responses (a subset of GoTrue's apierrors/errorcode.go:
 * the ones the routes implemented here can produce). Clients branch on these, so they are part
 * of the contract: never invent a new spelling for a situation GoTrue already names.
 */
export type AuthErrorCode =
  | 'unknown'
  | 'unexpected_failure'
  | 'validation_failed'
  | 'bad_json'
  | 'email_exists'
  | 'phone_exists'
  | 'bad_jwt'
  | 'not_admin'
  | 'no_authorization'
  | 'user_not_found'
  | 'session_not_found'
  | 'session_expired'
  | 'refresh_token_not_found'
  | 'refresh_token_already_used'
  | 'signup_disabled'
  | 'user_banned'
  | 'user_already_exists'
  | 'email_provider_disabled'
  | 'phone_provider_disabled'
  | 'anonymous_provider_disabled'
  | 'email_not_confirmed'
  | 'phone_not_confirmed'
  | 'invalid_credentials'
  | 'weak_password'
  | 'same_password'
  | 'reauthentication_needed'
  | 'reauthentication_not_valid'
  | 'over_request_rate_limit'
  | 'request_entity_too_large'
  | 'not_found'
  | 'method_not_allowed';

/** An error that becomes an HTTP response with GoTrue's status, code and message. */
export class AuthApiError extends Error {
  readonly status: number;
  readonly code: AuthErrorCode;
  /** Set only for weak_password: the reasons GoTrue lists (length, characters, pwned). */
  readonly weakPasswordReasons?: string[];

  constructor(status: number, code: AuthErrorCode, message: string, weakPasswordReasons?: string[]) {
    super(message);
    this.name = 'AuthApiError';
    this.status = status;
    this.code = code;
    this.weakPasswordReasons = weakPasswordReasons;
  }
}

export const badRequest = (code: AuthErrorCode, message: string) => new AuthApiError(400, code, message);
export const unauthorized = (code: AuthErrorCode, message: string) => new AuthApiError(401, code, message);
export const forbidden = (code: AuthErrorCode, message: string) => new AuthApiError(403, code, message);
export const notFound = (code: AuthErrorCode, message: string) => new AuthApiError(404, code, message);
export const unprocessable = (code: AuthErrorCode, message: string) => new AuthApiError(422, code, message);
export const tooManyRequests = (code: AuthErrorCode, message: string) => new AuthApiError(429, code, message);
export const internalError = (message: string) => new AuthApiError(500, 'unexpected_failure', message);

export const API_VERSION_HEADER = 'X-Supabase-Api-Version';
const API_VERSION_2024_01_01 = '2024-01-01';

/**
 * GoTrue answers errors in one of two shapes depending on the X-Supabase-Api-Version request
 * header: any valid date on or after 2024-01-01 selects `{ code: "<error_code>", message }` (and
 * the header is echoed back, which is how auth-js knows to read `code` as the error code);
 * anything else selects the original `{ code: <status>, error_code, msg }`. supabase-js always
 * sends 2024-01-01, but other clients (curl, older SDKs) get the shape they expect.
 */
export function usesVersionedErrors(req: http.IncomingMessage): boolean {
  const raw = req.headers[API_VERSION_HEADER.toLowerCase()];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const parsed = Date.parse(`${value}T00:00:00Z`);
  // An invalid date (e.g. 2024-13-45) counts as "no version", as GoTrue's time.Parse fails on it.
  if (Number.isNaN(parsed) || new Date(parsed).toISOString().slice(0, 10) !== value) return false;
  return parsed >= Date.parse(`${API_VERSION_2024_01_01}T00:00:00Z`);
}

export function errorResponse(req: http.IncomingMessage, error: AuthApiError): { headers: Record<string, string>; body: unknown } {
  const headers: Record<string, string> = { 'x-sb-error-code': error.code };
  const weak = error.weakPasswordReasons ? { weak_password: { reasons: error.weakPasswordReasons } } : {};
  if (usesVersionedErrors(req)) {
    headers[API_VERSION_HEADER] = API_VERSION_2024_01_01;
    return { headers, body: { code: error.code, message: error.message, ...weak } };
  }
  return { headers, body: { code: error.status, error_code: error.code, msg: error.message, ...weak } };
}
