/**
 * CORS as the real servers answer it, so a browser-probed connection to a fake behaves as it would
 * against the real thing:
 * - Ollama allows local origins on any port by default (http/https localhost, 127.0.0.1, 0.0.0.0,
 *   and desktop-app schemes); OLLAMA_ORIGINS adds more. Any other origin gets 403, preflight or not.
 * - vLLM and llama.cpp's server allow every origin by default.
 * - LM Studio sends no CORS headers until "Enable CORS" is switched on in its server settings.
 * A fake's `corsOrigins` state holds the allowed origin patterns ("*" for any, "http://localhost:*"
 * for any port); tests empty it to stand in for an app served from a host the server does not allow.
 */

export const OLLAMA_DEFAULT_ORIGINS: readonly string[] = [
  ...['localhost', '127.0.0.1', '0.0.0.0'].flatMap((host) => [
    `http://${host}`,
    `https://${host}`,
    `http://${host}:*`,
    `https://${host}:*`,
  ]),
  'app://*',
  'file://*',
  'tauri://*',
  'vscode-webview://*',
  'vscode-file://*',
];

export const ANY_ORIGIN: readonly string[] = ['*'];
export const NO_ORIGIN: readonly string[] = [];

export function isAllowedOrigin(origin: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => {
    if (pattern === '*' || pattern === origin) return true;
    if (!pattern.includes('*')) return false;
    const regex = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('[^/]*')}$`);
    return regex.test(origin);
  });
}

export interface CorsPolicy {
  patterns: readonly string[];
  /** What a refused origin gets: Ollama's 403, or an answer without CORS headers (the browser refuses it). */
  refuseWith403: boolean;
}

/** The answer to a preflight, or null when the request is not one. */
export function preflightAnswer(request: Request, policy: CorsPolicy): Response | null {
  const origin = request.headers.get('origin');
  if (request.method !== 'OPTIONS' || !origin || !request.headers.has('access-control-request-method')) return null;
  if (!isAllowedOrigin(origin, policy.patterns)) return new Response(null, { status: policy.refuseWith403 ? 403 : 204 });
  return new Response(null, {
    status: 204,
    headers: {
      'access-control-allow-origin': policy.patterns.includes('*') ? '*' : origin,
      'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS',
      'access-control-allow-headers': request.headers.get('access-control-request-headers') ?? 'authorization, content-type',
      'access-control-max-age': '43200',
      vary: 'Origin',
    },
  });
}

/** A refusal for a request from an origin the server does not allow, or null to answer it. */
export function refusal(request: Request, policy: CorsPolicy): Response | null {
  const origin = request.headers.get('origin');
  if (!origin || !policy.refuseWith403 || isAllowedOrigin(origin, policy.patterns)) return null;
  return new Response(null, { status: 403 });
}

/** The answer with the CORS headers the request's origin earns (headers copied: some responses are immutable). */
export function withCorsHeaders(request: Request, response: Response, policy: CorsPolicy): Response {
  const origin = request.headers.get('origin');
  if (!origin || !isAllowedOrigin(origin, policy.patterns)) return response;
  const headers = new Headers(response.headers);
  headers.set('access-control-allow-origin', policy.patterns.includes('*') ? '*' : origin);
  headers.append('vary', 'Origin');
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
