import type http from 'node:http';
import type { JWTPayload } from 'jose';
import type { AuthContext } from './context.ts';
import { badRequest, forbidden, tooManyRequests, unauthorized } from './errors.ts';
import { bearerToken, clientAddress, requestedAudience } from './http.ts';
import type { RateLimiter } from './rate-limit.ts';
import { findSession, type SessionRow } from './sessions.ts';
import { verifyAccessToken } from './tokens.ts';
import { DEFAULT_AUDIENCE, NIL_UUID, findUserById, isBanned, type UserRow } from './users.ts';
import { isUuid } from './validation.ts';

/** GOTRUE_JWT_ADMIN_ROLES as the CLI sets it. */
const ADMIN_ROLES = ['service_role'];

export interface Authenticated {
  claims: JWTPayload;
  user: UserRow;
  /** Null only for tokens minted without a session_id (e.g. by hand for tests). */
  session: SessionRow | null;
}

async function verifiedClaims(ctx: AuthContext, req: http.IncomingMessage): Promise<JWTPayload> {
  const token = bearerToken(req);
  if (!token) throw unauthorized('no_authorization', 'This endpoint requires a valid Bearer token');
  return verifyAccessToken(token, ctx.jwtKey, ctx.now());
}

function sessionIdClaim(claims: JWTPayload): string | null {
  const value = claims.session_id;
  if (typeof value !== 'string' || value === '' || value === NIL_UUID) return null;
  if (!isUuid(value)) throw forbidden('bad_jwt', 'invalid claim: session_id claim must be a UUID');
  return value;
}

/**
 * The user and session behind a bearer token (GoTrue's requireAuthentication). A valid signature
 * is not enough: the session must still exist, which is what makes sign-out and reuse detection
 * take effect before the access token expires.
 */
async function loadUserAndSession(ctx: AuthContext, claims: JWTPayload): Promise<Authenticated> {
  const subject = typeof claims.sub === 'string' ? claims.sub : '';
  if (subject === '') throw forbidden('bad_jwt', 'invalid claim: missing sub claim');
  if (!isUuid(subject)) throw badRequest('bad_jwt', 'invalid claim: sub claim must be a UUID');
  const user = await findUserById(ctx.pool, subject);
  if (!user) throw forbidden('user_not_found', 'User from sub claim in JWT does not exist');

  const sessionId = sessionIdClaim(claims);
  let session: SessionRow | null = null;
  if (sessionId) {
    session = await findSession(ctx.pool, sessionId);
    if (!session) throw forbidden('session_not_found', 'Session from session_id claim in JWT does not exist');
  }
  return { claims, user, session };
}

export async function authenticate(ctx: AuthContext, req: http.IncomingMessage): Promise<Authenticated> {
  const result = await loadUserAndSession(ctx, await verifiedClaims(ctx, req));
  if (isBanned(result.user, ctx.now())) throw forbidden('user_banned', 'User is banned');
  return result;
}

/**
 * Admin routes accept any token whose role is an admin role (the service_role key). A user's
 * token that names a session must still have that session, as GoTrue checks since 2025.
 */
export async function requireAdmin(ctx: AuthContext, req: http.IncomingMessage): Promise<JWTPayload> {
  const claims = await verifiedClaims(ctx, req);
  if (sessionIdClaim(claims)) {
    const { session } = await loadUserAndSession(ctx, claims);
    if (session?.not_after && ctx.now().getTime() > session.not_after.getTime()) {
      throw forbidden('session_expired', 'Session is no longer valid');
    }
  }
  if (typeof claims.role !== 'string' || !ADMIN_ROLES.includes(claims.role)) {
    throw forbidden('not_admin', 'User not allowed');
  }
  return claims;
}

/**
 * The audience a request acts in (GoTrue's requestAud): the X-JWT-AUD header, else the token's
 * own audience for user tokens, else the default. Admin tokens carry no audience of their own.
 */
export function requestAudience(req: http.IncomingMessage, claims?: JWTPayload): string {
  const fromHeader = requestedAudience(req);
  if (fromHeader) return fromHeader;
  if (claims && !(typeof claims.role === 'string' && ADMIN_ROLES.includes(claims.role))) {
    const aud = Array.isArray(claims.aud) ? claims.aud[0] : claims.aud;
    if (aud) return aud;
  }
  return DEFAULT_AUDIENCE;
}

export function enforceRateLimit(limiter: RateLimiter, req: http.IncomingMessage): void {
  if (!limiter.take(clientAddress(req))) throw tooManyRequests('over_request_rate_limit', 'Request rate limit reached');
}
