import type http from 'node:http';
import type pg from 'pg';
import { createLimiters, type AuthContext, type RouteHandler } from './context.ts';
import { AuthApiError, errorResponse, internalError } from './errors.ts';
import { sendJson } from './http.ts';
import { createUser, deleteUserById, getUserById, listUsers, updateUserById } from './routes/admin.ts';
import { logout } from './routes/logout.ts';
import { health, settings as settingsRoute } from './routes/meta.ts';
import { signup } from './routes/signup.ts';
import { token } from './routes/token.ts';
import { getUser, updateCurrentUser } from './routes/user.ts';
import type { AuthSettings } from './settings.ts';
import { secretKey } from './tokens.ts';

export interface AuthHandlerOptions {
  /** Connects as supabase_auth_admin, which owns the auth tables. */
  pool: pg.Pool;
  jwtSecret: string;
  settings: AuthSettings;
  /** `<api_url>/auth/v1`: the `iss` claim of access tokens. */
  issuer: string;
  log?: (line: string) => void;
  /** Clock override for in-process tests (reuse interval, rate-limit refill); defaults to the wall clock. */
  now?: () => Date;
}

interface Route {
  pattern: RegExp;
  /** Names for the pattern's capture groups, in order. */
  keys: string[];
  methods: Partial<Record<string, RouteHandler>>;
}

const ROUTES: Route[] = [
  { pattern: /^\/health$/, keys: [], methods: { GET: health } },
  { pattern: /^\/settings$/, keys: [], methods: { GET: settingsRoute } },
  { pattern: /^\/signup$/, keys: [], methods: { POST: signup } },
  { pattern: /^\/token$/, keys: [], methods: { POST: token } },
  { pattern: /^\/user$/, keys: [], methods: { GET: getUser, PUT: updateCurrentUser } },
  { pattern: /^\/logout$/, keys: [], methods: { POST: logout } },
  { pattern: /^\/admin\/users$/, keys: [], methods: { GET: listUsers, POST: createUser } },
  { pattern: /^\/admin\/users\/([^/]+)$/, keys: ['userId'], methods: { GET: getUserById, PUT: updateUserById, DELETE: deleteUserById } },
];

function sendError(req: http.IncomingMessage, res: http.ServerResponse, error: AuthApiError): void {
  const { headers, body } = errorResponse(req, error);
  sendJson(res, error.status, body, headers);
}

/**
 * A request handler that speaks Supabase Auth's HTTP API for email and password. It expects
 * `req.url` without the /auth/v1 prefix, an apikey already checked and CORS already handled by
 * the gateway in front of it. It never logs request bodies or headers, so passwords and tokens
 * stay out of the logs; unexpected failures are logged with the database's message only.
 */
export function createAuthHandler(options: AuthHandlerOptions): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  const now = options.now ?? (() => new Date());
  const ctx: AuthContext = {
    pool: options.pool,
    settings: options.settings,
    issuer: options.issuer,
    jwtKey: secretKey(options.jwtSecret),
    log: options.log ?? (() => undefined),
    now,
    limiters: createLimiters(options.settings, now),
  };

  return (req, res) => {
    const started = Date.now();
    const method = req.method ?? 'GET';
    let pathname = '?';

    const handle = async () => {
      let url: URL;
      try {
        url = new URL(req.url ?? '/', 'http://auth.local');
      } catch {
        throw new AuthApiError(404, 'not_found', 'Malformed request path');
      }
      // GoTrue's router treats /user and /user/ alike.
      pathname = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
      for (const route of ROUTES) {
        const match = route.pattern.exec(pathname);
        if (!match) continue;
        const handler = route.methods[method];
        if (!handler) throw new AuthApiError(405, 'method_not_allowed', `${method} is not allowed on ${pathname}`);
        const params = Object.fromEntries(route.keys.map((key, i) => [key, safeDecode(match[i + 1])]));
        await handler(ctx, { req, res, pathname, query: url.searchParams, params });
        return;
      }
      throw new AuthApiError(404, 'not_found', `${pathname} is not an endpoint of the local auth service`);
    };

    handle()
      .catch((error: unknown) => {
        if (res.headersSent) return;
        if (error instanceof AuthApiError) {
          sendError(req, res, error);
          return;
        }
        ctx.log(`auth: ${method} ${pathname} failed: ${describe(error)}`);
        sendError(req, res, internalError('Unexpected failure, please check server logs for more information'));
      })
      .catch((error: unknown) => {
        // Writing the error failed too (client gone mid-response): nothing left to tell anyone.
        ctx.log(`auth: ${method} ${pathname} could not send its response: ${describe(error)}`);
      })
      .finally(() => {
        ctx.log(`auth: ${method} ${pathname} ${res.statusCode} ${Date.now() - started}ms`);
      });
  };
}

/** A path segment as text; a malformed %-escape stays as sent and simply matches no user. */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The error's own message and Postgres code, never its parameters (which may hold secrets). */
function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: string }).code;
    return code ? `${error.message} (SQLSTATE ${code})` : error.message;
  }
  return String(error);
}
