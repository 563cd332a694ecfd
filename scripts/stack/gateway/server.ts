import http, { type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import type { ProjectConfig } from '../config.ts';
import type { StackInstance } from '../instance.ts';
import type { PartState } from '../state.ts';
import { corsHeaders, isAllowedOrigin, preflightHeaders } from './cors.ts';
import { createJwtVerifier } from './jwt.ts';
import { forwardableHeaders, proxy } from './proxy.ts';
import { discardUnreadBody } from './unread-body.ts';

export type AuthHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface GatewayOptions {
  instance: StackInstance;
  config: () => ProjectConfig;
  /** The auth service's handler, or why it is not available. */
  auth: () => AuthHandler | { unavailable: string };
  /** Live state of an upstream part, to say "not running" instead of a bare connection error. */
  partState: (part: 'postgrest' | 'functions') => PartState;
  accessLog: (line: string) => void;
}

type Route = 'rest' | 'auth' | 'functions';
const PREFIXES: [string, Route][] = [
  ['/rest/v1', 'rest'],
  ['/auth/v1', 'auth'],
  ['/functions/v1', 'functions'],
];
const PART_LABEL = { postgrest: 'PostgREST', functions: 'The functions host' } as const;

/** Auth endpoints a browser reaches by redirect, without an apikey (Supabase's "auth-v1-open" routes). */
const OPEN_AUTH_PATHS = ['/verify', '/callback', '/authorize'];

function sendJson(res: ServerResponse, status: number, body: unknown, headers: OutgoingHttpHeaders = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Removes every `apikey` query parameter without re-encoding the rest (PostgREST filters are picky). */
function withoutApikey(query: string): string {
  const kept = query.split('&').filter((pair) => pair !== '' && decodeURIComponent(pair.split('=')[0] ?? '') !== 'apikey');
  return kept.length ? `?${kept.join('&')}` : '';
}

function apikeyFromQuery(query: string): string | undefined {
  for (const pair of query.split('&')) {
    const [name, value = ''] = pair.split('=');
    if (name === 'apikey') return decodeURIComponent(value);
  }
  return undefined;
}

const clientAddress = (req: IncomingMessage) => (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');

/**
 * The API gateway, in the role Kong plays for Supabase: one origin for /rest/v1, /auth/v1 and
 * /functions/v1; requires a valid apikey; answers CORS for the app; forwards with the X-Forwarded-*
 * headers; streams responses untouched.
 */
export function createGateway(options: GatewayOptions): http.Server {
  const { instance } = options;
  const verify = createJwtVerifier(instance.jwtSecret);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawUrl = req.url ?? '/';
    const queryAt = rawUrl.indexOf('?');
    const pathname = queryAt >= 0 ? rawUrl.slice(0, queryAt) : rawUrl;
    const query = queryAt >= 0 ? rawUrl.slice(queryAt + 1) : '';
    const match = PREFIXES.find(([prefix]) => pathname === prefix || pathname.startsWith(`${prefix}/`));
    if (!match) return sendJson(res, 404, { message: 'no Route matched with those values' });
    const [prefix, route] = match;
    const rest = pathname.slice(prefix.length) || '/';

    // CORS for /rest and /auth is the gateway's job. Functions answer their own CORS, as on a
    // hosted project, so a function that forgets to is caught here and not in production.
    const origin = req.headers.origin;
    const allowedOrigin = origin && route !== 'functions' && isAllowedOrigin(origin, options.config().appOrigins) ? origin : undefined;
    const cors = allowedOrigin ? corsHeaders(allowedOrigin) : {};
    const isPreflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
    if (isPreflight && route !== 'functions') {
      if (!allowedOrigin) return sendJson(res, 403, { message: `Origin ${origin ?? '(none)'} is not allowed` });
      res.writeHead(204, preflightHeaders(req, allowedOrigin));
      res.end();
      return;
    }

    // The apikey: header or query parameter, any JWT signed with the project's secret.
    const headerKey = req.headers.apikey;
    const apikey = (Array.isArray(headerKey) ? headerKey[0] : headerKey) ?? apikeyFromQuery(query);
    const open = (route === 'auth' && OPEN_AUTH_PATHS.some((p) => rest === p || rest.startsWith(`${p}/`))) || (route === 'functions' && req.method === 'OPTIONS');
    if (!open) {
      if (!apikey) {
        return sendJson(res, 401, { message: 'No API key found in request', hint: 'No `apikey` request header or url param was found.' }, cors);
      }
      if (!(await verify(apikey))) {
        return sendJson(res, 401, { message: 'Invalid API key', hint: 'Double check your Supabase `anon` or `service_role` API key.' }, cors);
      }
    }

    const headers = forwardableHeaders(req);
    // Like Kong's request-transformer: a request with only an apikey header acts with that key's role.
    if (!headers.authorization && typeof headerKey === 'string') headers.authorization = `Bearer ${headerKey}`;
    const client = clientAddress(req);
    const incomingFor = req.headers['x-forwarded-for'];
    headers['x-forwarded-for'] = incomingFor ? `${incomingFor}, ${client}` : client;
    headers['x-real-ip'] = client;
    headers['x-forwarded-proto'] = 'http';
    headers['x-forwarded-host'] = (req.headers.host ?? `127.0.0.1:${instance.apiPort}`).replace(/:\d+$/, '');
    headers['x-forwarded-port'] = String(instance.apiPort);
    headers['x-forwarded-prefix'] = prefix;

    if (route === 'functions') {
      const name = rest.split('/')[1] ?? '';
      // verify_jwt, with the edge runtime's answers. Preflights pass (they never carry a token).
      const fn = options.config().functions[name];
      if (req.method !== 'OPTIONS' && (fn?.verifyJwt ?? true)) {
        const authorization = headers.authorization as string | undefined;
        if (!authorization) return sendJson(res, 401, { msg: 'Error: Missing authorization header' });
        const [scheme, token] = authorization.split(' ');
        if (scheme !== 'Bearer' || !token) return sendJson(res, 401, { msg: "Error: Auth header is not 'Bearer {token}'" });
        if (!(await verify(token))) return sendJson(res, 401, { msg: 'Invalid JWT' });
      }
    }

    if (route === 'auth') {
      const auth = options.auth();
      if ('unavailable' in auth) return sendJson(res, 503, { message: `Auth is not available: ${auth.unavailable}` }, cors);
      req.url = `${rest}${withoutApikey(query)}`;
      if (headers.authorization) req.headers.authorization = headers.authorization as string;
      req.headers['x-forwarded-for'] = headers['x-forwarded-for'] as string;
      for (const [name, value] of Object.entries(cors)) res.setHeader(name, value as string);
      try {
        auth(req, res);
      } catch (error) {
        if (!res.headersSent) sendJson(res, 500, { message: `Auth failed: ${(error as Error).message}` }, cors);
      }
      return;
    }

    const part = route === 'rest' ? 'postgrest' : 'functions';
    let state = options.partState(part);
    // Starting (e.g. the functions host reloading after an edit): hold the request briefly rather
    // than fail a page refresh. A crashed or failed part is answered for at once.
    const holdUntil = Date.now() + 10_000;
    while ((state.state === 'starting' || state.state === 'waiting') && Date.now() < holdUntil && !req.destroyed) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      state = options.partState(part);
    }
    const unavailable = (detail: string) =>
      sendJson(res, 503, { message: `${PART_LABEL[part]} is not available: ${detail}`, hint: `See \`npm run stack -- logs ${part}\`.` }, cors);
    if (state.state !== 'ready') return unavailable(`it is ${state.state}${state.error ? ` (${state.error.split('\n')[0]})` : ''}`);

    proxy(req, res, {
      port: part === 'postgrest' ? instance.postgrestPort : instance.functionsPort,
      path: `${rest}${withoutApikey(query)}`,
      headers,
      // Kong's defaults: 60 s for the API, 150 s for functions (Supabase's wall-clock limit).
      timeoutMs: route === 'functions' ? 150_000 : 60_000,
      responseHeaders: cors,
      dropResponseHeaders: route === 'rest' ? (name) => name.startsWith('access-control-') : undefined,
      onFailure: (kind, error) =>
        kind === 'timeout'
          ? sendJson(res, 504, { message: 'The upstream server is timing out' }, cors)
          : sendJson(res, 502, { message: `An invalid response was received from the upstream server (${PART_LABEL[part]}: ${error.message})` }, cors),
    });
  }

  const server = http.createServer({ keepAliveTimeout: 65_000, noDelay: true }, (req, res) => {
    const started = performance.now();
    // Path only: query strings can carry an apikey.
    const path = (req.url ?? '').split('?')[0];
    res.on('finish', () => {
      options.accessLog(`${new Date().toISOString()} ${req.method} ${path} ${res.statusCode} ${(performance.now() - started).toFixed(1)}ms`);
      // Answered (by the gateway, the upstream or auth) before the whole body was read: the rest
      // must still come off the connection, or the client's next request on it is never read.
      discardUnreadBody(req);
    });
    handle(req, res).catch((error: Error) => {
      if (!res.headersSent) sendJson(res, 500, { message: `Gateway error: ${error.message}` });
      else res.destroy(error);
    });
  });
  return server;
}
