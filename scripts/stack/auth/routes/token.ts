import type http from 'node:http';
import { enforceRateLimit, requestAudience } from '../authenticate.ts';
import { withTransaction, type AuthContext, type RouteHandler } from '../context.ts';
import { badRequest, unprocessable } from '../errors.ts';
import { issueSession, refreshGrant, type TokenResponse } from '../grants.ts';
import { readFields, sendJson } from '../http.ts';
import { verifyPassword, weakPasswordReasons } from '../passwords.ts';
import { REFRESH_TOKEN_PATTERN } from '../tokens.ts';
import { findUserByEmail, findUserByPhone, isBanned } from '../users.ts';
import { formatPhone } from '../validation.ts';

const INVALID_LOGIN = 'Invalid login credentials';

/**
 * POST /token?grant_type=password|refresh_token. Both grants share the token_refresh limiter, as
 * in GoTrue; other grant types (id_token, pkce, web3) need providers the local stack lacks.
 */
export const token: RouteHandler = async (ctx, { req, res, query }) => {
  const grantType = query.get('grant_type');
  if (grantType !== 'password' && grantType !== 'refresh_token') {
    throw badRequest('invalid_credentials', 'unsupported_grant_type');
  }
  enforceRateLimit(ctx.limiters.token, req);
  const response = grantType === 'password' ? await passwordGrant(ctx, req) : await refreshTokenGrant(ctx, req);
  sendJson(res, 200, response);
};

async function passwordGrant(ctx: AuthContext, req: http.IncomingMessage): Promise<TokenResponse> {
  const { settings } = ctx;
  const body = await readFields(req, 'PasswordGrantParams');
  const email = body.string('email') ?? '';
  const phone = body.string('phone') ?? '';
  const password = body.string('password') ?? '';
  const aud = requestAudience(req);

  if (email !== '' && phone !== '') {
    throw badRequest('validation_failed', 'Only an email address or phone number should be provided on login.');
  }
  let user;
  if (email !== '') {
    if (!settings.email.enableSignup) throw unprocessable('email_provider_disabled', 'Email logins are disabled');
    user = await findUserByEmail(ctx.pool, email, aud);
  } else if (phone !== '') {
    if (!settings.sms.enableSignup) throw unprocessable('phone_provider_disabled', 'Phone logins are disabled');
    user = await findUserByPhone(ctx.pool, formatPhone(phone), aud);
  } else {
    throw badRequest('validation_failed', 'missing email or phone');
  }

  // Unknown address, no password and wrong password all read the same, so the answer does not
  // tell an attacker which addresses have accounts.
  if (!user || !user.encrypted_password) throw badRequest('invalid_credentials', INVALID_LOGIN);
  if (isBanned(user, ctx.now())) throw badRequest('user_banned', 'User is banned');
  if (!(await verifyPassword(password, user.encrypted_password))) throw badRequest('invalid_credentials', INVALID_LOGIN);
  if (email !== '' && !user.email_confirmed_at) throw badRequest('email_not_confirmed', 'Email not confirmed');
  if (phone !== '' && !user.phone_confirmed_at) throw badRequest('phone_not_confirmed', 'Phone not confirmed');

  const signedInUser = user;
  const response = await withTransaction(ctx.pool, (db) => issueSession(ctx, db, signedInUser, req));
  // A password set before the policy was tightened still signs in; the client is told so it can
  // ask the user to change it.
  const weak = weakPasswordReasons(settings, password);
  return weak ? { ...response, weak_password: weak } : response;
}

async function refreshTokenGrant(ctx: AuthContext, req: http.IncomingMessage): Promise<TokenResponse> {
  const body = await readFields(req, 'RefreshTokenGrantParams');
  const presented = body.string('refresh_token') ?? '';
  // GoTrue rejects anything that is not shaped like a token it could have issued before looking
  // it up; every token this service issues is the 12-character kind.
  if (!REFRESH_TOKEN_PATTERN.test(presented)) throw badRequest('validation_failed', 'Refresh token is not valid');
  return refreshGrant(ctx, req, presented);
}
