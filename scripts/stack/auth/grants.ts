import type http from 'node:http';
import type pg from 'pg';
import { CommitThenFail, withTransaction, type AuthContext } from './context.ts';
import { badRequest } from './errors.ts';
import { clientInetAddress, userAgent } from './http.ts';
import type { WeakPassword } from './passwords.ts';
import {
  deleteRefreshToken,
  deleteSession,
  findActiveRefreshToken,
  findRefreshToken,
  findSession,
  insertRefreshToken,
  insertSession,
  lockSession,
  revokeRefreshToken,
  touchSession,
  type RefreshTokenRow,
  type SessionRow,
} from './sessions.ts';
import { signAccessToken } from './tokens.ts';
import { findIdentities, findUserById, isBanned, updateUser, userJson, type UserRow } from './users.ts';
import { isUuid } from './validation.ts';

/** The body of every successful grant (GoTrue's AccessTokenResponse). */
export interface TokenResponse {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  expires_at: number;
  refresh_token: string;
  user: Record<string, unknown>;
  weak_password?: WeakPassword;
}

const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

async function tokenResponse(ctx: AuthContext, db: pg.PoolClient, user: UserRow, session: SessionRow, refreshToken: string): Promise<TokenResponse> {
  const now = ctx.now();
  const iat = epochSeconds(now);
  const exp = iat + ctx.settings.jwtExpiry;
  const accessToken = await signAccessToken(
    {
      iss: ctx.issuer,
      sub: user.id,
      aud: user.aud ?? '',
      exp,
      iat,
      email: user.email ?? '',
      phone: user.phone ?? '',
      app_metadata: user.raw_app_meta_data ?? {},
      user_metadata: user.raw_user_meta_data ?? {},
      role: user.role ?? '',
      aal: 'aal1',
      // Every session here starts with a password (sign-in or sign-up); refreshing does not add a
      // method, so the claim keeps the original sign-in time as GoTrue's mfa_amr_claims would.
      amr: [{ method: 'password', timestamp: epochSeconds(session.created_at) }],
      session_id: session.id,
      is_anonymous: user.is_anonymous,
    },
    ctx.jwtKey,
  );
  return {
    access_token: accessToken,
    token_type: 'bearer',
    expires_in: exp - iat,
    expires_at: exp,
    refresh_token: refreshToken,
    user: userJson(user, await findIdentities(db, user.id)),
  };
}

/**
 * Starts a session for a user who just proved who they are (password grant, or sign-up with
 * autoconfirm): a sessions row, its first refresh token, and last_sign_in_at.
 */
export async function issueSession(ctx: AuthContext, db: pg.PoolClient, user: UserRow, req: http.IncomingMessage): Promise<TokenResponse> {
  const now = ctx.now();
  const session = await insertSession(db, { userId: user.id, userAgent: userAgent(req), ip: clientInetAddress(req), now });
  const refreshToken = await insertRefreshToken(db, { userId: user.id, sessionId: session.id, parent: null, now });
  const signedIn = await updateUser(db, user.id, { last_sign_in_at: now }, now);
  return tokenResponse(ctx, db, signedIn, session, refreshToken.token);
}

const notFound = () => badRequest('refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found');

/**
 * grant_type=refresh_token, following GoTrue's default ("legacy") refresh-token algorithm:
 *
 * - An unrevoked token is rotated: it is revoked and a child token is issued in the same session.
 * - A revoked token whose child is the session's active token is a client that never stored the
 *   last response: it gets that active token back (no new token, so the family stays linear).
 * - Any other revoked token is accepted only within refresh_token_reuse_interval of its
 *   revocation (concurrent refreshes from several tabs), and is then rotated like a live one.
 * - Outside that window it is reuse of a leaked token: with rotation enabled the whole session is
 *   terminated, so neither its refresh tokens nor its access tokens work any more, and the caller
 *   gets refresh_token_already_used. GoTrue's legacy path only marks the tokens revoked, which
 *   leaves them reusable for another interval; terminating the session is what GoTrue's current
 *   algorithm does and closes that gap.
 *
 * Everything runs with the session row locked, so two refreshes of one session never interleave.
 */
export async function refreshGrant(ctx: AuthContext, req: http.IncomingMessage, presented: string): Promise<TokenResponse> {
  const outcome = await withTransaction(ctx.pool, async (db): Promise<TokenResponse | CommitThenFail> => {
    const unlocked = await findRefreshToken(db, presented);
    if (!unlocked) throw notFound();
    // Lock order is session, then token, for every path that touches both: no deadlocks.
    if (unlocked.session_id) await lockSession(db, unlocked.session_id);
    const token = await findRefreshToken(db, presented, true);
    if (!token) throw notFound();

    const user = isUuid(token.user_id) ? await findUserById(db, token.user_id) : null;
    if (!user) throw notFound();
    const now = ctx.now();
    if (isBanned(user, now)) throw badRequest('user_banned', 'Invalid Refresh Token: User Banned');

    const session = token.session_id ? await findSession(db, token.session_id) : null;
    if (!session) {
      // A token that outlived its session can never be used again; GoTrue deletes it on sight.
      await deleteRefreshToken(db, token.id);
      return new CommitThenFail(badRequest('session_not_found', 'Invalid Refresh Token: No Valid Session Found'));
    }
    if (session.not_after && now.getTime() > session.not_after.getTime()) {
      throw badRequest('session_expired', 'Invalid Refresh Token: Session Expired');
    }

    let issued: string;
    if (!token.revoked) {
      issued = (await rotate(db, token, session, now)).token;
    } else {
      const active = await findActiveRefreshToken(db, session.id);
      const reuseUntil = token.updated_at.getTime() + ctx.settings.refreshTokenReuseInterval * 1000;
      if (active && active.parent === token.token) {
        issued = active.token;
      } else if (now.getTime() <= reuseUntil) {
        issued = (await rotate(db, token, session, now)).token;
      } else {
        if (ctx.settings.enableRefreshTokenRotation) await deleteSession(db, session.id);
        return new CommitThenFail(badRequest('refresh_token_already_used', 'Invalid Refresh Token: Already Used'));
      }
    }

    await touchSession(db, session.id, { userAgent: userAgent(req), ip: clientInetAddress(req), now });
    return tokenResponse(ctx, db, user, session, issued);
  });
  if (outcome instanceof CommitThenFail) throw outcome.error;
  return outcome;
}

async function rotate(db: pg.PoolClient, token: RefreshTokenRow, session: SessionRow, now: Date): Promise<RefreshTokenRow> {
  await revokeRefreshToken(db, token.id, now);
  return insertRefreshToken(db, { userId: token.user_id, sessionId: session.id, parent: token.token, now });
}
