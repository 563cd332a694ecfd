import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';

/** Headers supabase-js and the PostgREST/Auth clients send; allowed when a preflight asks for none. */
const ALLOWED_HEADERS = [
  'authorization',
  'apikey',
  'content-type',
  'x-client-info',
  'x-supabase-api-version',
  'x-retry-count',
  'prefer',
  'accept',
  'accept-profile',
  'content-profile',
  'range',
  'range-unit',
  'if-none-match',
  'x-upsert',
  'x-forwarded-for',
].join(', ');

/** Response headers the browser may read: supabase-js reads Content-Range for counts, etc. */
const EXPOSED_HEADERS = [
  'content-range',
  'content-location',
  'content-profile',
  'content-type',
  'location',
  'preference-applied',
  'range-unit',
  'x-total-count',
  'x-supabase-api-version',
  'etag',
].join(', ');

const LOCAL_ORIGIN = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\]):\d{1,5}$/;

/**
 * The app's origins (site_url and additional_redirect_urls from config.toml) plus any loopback
 * origin on any port: Vite, `vite preview` and test servers pick their own ports.
 */
export function isAllowedOrigin(origin: string, appOrigins: string[]): boolean {
  return appOrigins.includes(origin) || LOCAL_ORIGIN.test(origin);
}

/** Headers added to every response for an allowed origin. */
export function corsHeaders(origin: string): OutgoingHttpHeaders {
  return {
    'access-control-allow-origin': origin,
    'access-control-expose-headers': EXPOSED_HEADERS,
    vary: 'Origin',
  };
}

/**
 * The answer to a preflight from an allowed origin. Like Kong's cors plugin without a fixed header
 * list, it allows the headers the browser asks for, so a new supabase-js header never breaks the app.
 */
export function preflightHeaders(req: IncomingMessage, origin: string): OutgoingHttpHeaders {
  return {
    ...corsHeaders(origin),
    'access-control-allow-methods': 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS',
    'access-control-allow-headers': req.headers['access-control-request-headers'] || ALLOWED_HEADERS,
    'access-control-max-age': '3600',
    vary: 'Origin, Access-Control-Request-Headers',
  };
}
