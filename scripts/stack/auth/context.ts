import type http from 'node:http';
import type pg from 'pg';
import { RateLimiter } from './rate-limit.ts';
import { internalError, type AuthApiError } from './errors.ts';
import type { AuthSettings } from './settings.ts';

/** Everything a route needs, built once per handler so limiter state lives as long as the service. */
export interface AuthContext {
  pool: pg.Pool;
  settings: AuthSettings;
  /** `iss` of every access token: `<api_url>/auth/v1`, as the CLI sets GOTRUE_JWT_ISSUER. */
  issuer: string;
  jwtKey: Uint8Array;
  log: (line: string) => void;
  now: () => Date;
  /** One bucket set per GoTrue limiter: each endpoint family counts separately. */
  limiters: { signup: RateLimiter; userUpdate: RateLimiter; token: RateLimiter };
}

export function createLimiters(settings: AuthSettings, now: () => Date): AuthContext['limiters'] {
  const clock = () => now().getTime();
  return {
    signup: new RateLimiter(settings.rateLimit.signInSignUps, clock),
    userUpdate: new RateLimiter(settings.rateLimit.signInSignUps, clock),
    token: new RateLimiter(settings.rateLimit.tokenRefresh, clock),
  };
}

/** Postgres asks us to retry these; they happen when two requests touch one session at once. */
const RETRYABLE_SQLSTATES = new Set(['40001', '40P01']);

/**
 * Runs `work` in a transaction on one pooled connection. Deadlock and serialization failures are
 * retried a few times rather than surfacing as a 500 for what is just concurrent use.
 */
export async function withTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    // A connection whose rollback failed is in an unknown state; it is discarded, not reused.
    let broken: Error | undefined;
    try {
      await client.query('begin');
      const result = await work(client);
      await client.query('commit');
      return result;
    } catch (error) {
      await client.query('rollback').catch((rollbackError: Error) => {
        broken = rollbackError;
      });
      const code = (error as { code?: string }).code;
      if (!broken && attempt < 3 && code && RETRYABLE_SQLSTATES.has(code)) continue;
      throw error;
    } finally {
      client.release(broken);
    }
  }
}

/**
 * Some outcomes must be committed and still answered with an error (reuse detection revokes the
 * session, then says so). Returning this from a transaction body commits; the caller throws it.
 */
export class CommitThenFail {
  constructor(readonly error: Error) {}
}

/** One routed request: the raw request and response plus what the router already parsed. */
export interface RouteRequest {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  /** Path as GoTrue sees it, without /auth/v1 and without the query (e.g. /admin/users). */
  pathname: string;
  query: URLSearchParams;
  /** Values captured from the route pattern, e.g. { userId } for /admin/users/:userId. */
  params: Record<string, string>;
}

export type RouteHandler = (ctx: AuthContext, request: RouteRequest) => Promise<void>;

/**
 * A database failure the caller cannot fix (a trigger on auth.users raising, say) becomes GoTrue's
 * 500 with GoTrue's wording, which Supabase users search for; the cause goes to the log only.
 */
export function databaseFailure(ctx: AuthContext, publicMessage: string, error: unknown): AuthApiError {
  const code = (error as { code?: string }).code;
  ctx.log(`auth: ${publicMessage}: ${(error as Error).message ?? String(error)}${code ? ` (SQLSTATE ${code})` : ''}`);
  return internalError(publicMessage);
}
