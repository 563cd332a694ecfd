/**
 * HTTP helpers every Edge Function shares: JSON responses, one error shape
 * (`{ error: { code, message } }`), and CORS. Functions are a public API of a deployment and are
 * called from the browser, so each answers its own CORS preflight, as a hosted project requires.
 */

/**
 * Any origin may call: functions authenticate with the Authorization header, never cookies, so a
 * foreign origin gains nothing it could not do with curl.
 */
export const corsHeaders: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers':
    'authorization, x-client-info, apikey, content-type, x-supabase-api-version, x-retry-count, accept',
  'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
  'Access-Control-Max-Age': '3600',
  // So the app can read how long to wait after a 429.
  'Access-Control-Expose-Headers': 'Retry-After',
};

/** An error a handler throws to answer with a status and a stable, machine-readable code. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra response headers, e.g. Retry-After on a 429. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function json(body: unknown, init: { status?: number; headers?: HeadersInit } = {}): Response {
  const headers = new Headers(init.headers);
  for (const [name, value] of Object.entries(corsHeaders)) headers.set(name, value);
  headers.set('Content-Type', 'application/json; charset=utf-8');
  return new Response(JSON.stringify(body), { status: init.status ?? 200, headers });
}

export function errorResponse(status: number, code: string, message: string, headers?: HeadersInit): Response {
  return json({ error: { code, message } }, { status, headers });
}

type Handler = (request: Request) => Response | Promise<Response>;

/**
 * Wraps a function's handler: answers CORS preflights, turns HttpError into its JSON answer and
 * anything unexpected into a 500 that reveals nothing (the details go to the function's log).
 */
export function handle(handler: Handler): Handler {
  return async (request) => {
    if (request.method === 'OPTIONS') return new Response(null, { status: 204, headers: corsHeaders });
    try {
      return await handler(request);
    } catch (error) {
      if (error instanceof HttpError) return errorResponse(error.status, error.code, error.message, error.headers);
      console.error(error);
      return errorResponse(500, 'internal_error', 'The function failed unexpectedly.');
    }
  };
}

/** Throws 405 unless the request uses one of `methods`. */
export function allowMethods(request: Request, ...methods: string[]): void {
  if (!methods.includes(request.method)) {
    throw new HttpError(405, 'method_not_allowed', `${request.method} is not allowed; use ${methods.join(' or ')}.`);
  }
}
