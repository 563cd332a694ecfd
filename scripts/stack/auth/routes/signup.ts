import { randomBytes, randomUUID } from 'node:crypto';
import { enforceRateLimit, requestAudience } from '../authenticate.ts';
import { databaseFailure, withTransaction, type RouteHandler } from '../context.ts';
import { AuthApiError, badRequest, unprocessable } from '../errors.ts';
import { issueSession } from '../grants.ts';
import { readFields, sendJson } from '../http.ts';
import { assertPasswordStrength, hashPassword } from '../passwords.ts';
import { DEFAULT_ROLE, findIdentities, findUserOwningEmail, insertIdentity, insertUser, userJson } from '../users.ts';
import { validateEmail } from '../validation.ts';

const UNIQUE_VIOLATION = '23505';

/**
 * POST /signup with email and password. With autoconfirm (enable_confirmations = false, the
 * local default) the user is confirmed at once and the response is a session, as on
 * `supabase start`; otherwise the response is the unconfirmed user and sign-in answers
 * email_not_confirmed until an admin confirms the address (no mail is sent locally).
 */
export const signup: RouteHandler = async (ctx, { req, res }) => {
  const { settings } = ctx;
  const body = await readFields(req, 'SignupParams');
  const email = body.string('email') ?? '';
  const phone = body.string('phone') ?? '';
  const password = body.string('password') ?? '';
  const data = body.object('data') ?? {};

  // GoTrue routes a sign-up without email or phone to anonymous sign-in before rate limiting it.
  if (email === '' && phone === '') {
    throw unprocessable('anonymous_provider_disabled', 'Anonymous sign-ins are disabled');
  }
  enforceRateLimit(ctx.limiters.signup, req);

  if (!settings.enableSignup) throw unprocessable('signup_disabled', 'Signups not allowed for this instance');
  if (password === '') throw badRequest('validation_failed', 'Signup requires a valid password');
  assertPasswordStrength(settings, password);
  if (email !== '' && phone !== '') {
    throw badRequest('validation_failed', 'Only an email address or phone number should be provided on signup.');
  }
  if (email === '') {
    // Phone sign-up needs an SMS provider, which the local stack does not have.
    throw badRequest('phone_provider_disabled', 'Phone signups are disabled');
  }
  if (!settings.email.enableSignup) throw badRequest('email_provider_disabled', 'Email signups are disabled');

  const address = validateEmail(email);
  const aud = requestAudience(req);
  const autoconfirm = !settings.email.enableConfirmations;

  const existing = await findUserOwningEmail(ctx.pool, address, aud);
  if (existing) {
    // GoTrue confirms and signs in an existing *unconfirmed* account here when autoconfirm is on,
    // without checking its password; that would hand someone else's account to whoever signs up
    // with its address, so the stand-in treats every existing account as taken instead.
    if (autoconfirm) throw unprocessable('user_already_exists', 'User already registered');
    // With confirmations on, GoTrue does not reveal whether the address is registered: an
    // unconfirmed account is returned as is, a confirmed one as an obfuscated look-alike.
    if (!existing.email_confirmed_at) {
      sendJson(res, 200, userJson(existing, await findIdentities(ctx.pool, existing.id)));
      return;
    }
    sendJson(res, 200, obfuscatedUser(address, aud, data, ctx.now()));
    return;
  }

  // Hash outside the transaction: bcrypt takes tens of milliseconds and holds no locks.
  const encryptedPassword = await hashPassword(password);
  const now = ctx.now();
  const userId = randomUUID();
  // GoTrue seeds user_metadata from the identity's data (sub, email, verification flags), with
  // the caller's `data` added under keys the identity does not use.
  const identityData: Record<string, unknown> = { ...data, sub: userId, email: address, email_verified: false, phone_verified: false };

  try {
    const response = await withTransaction(ctx.pool, async (db) => {
      const user = await insertUser(db, {
        id: userId,
        aud,
        role: DEFAULT_ROLE,
        email: address,
        phone: null,
        encryptedPassword,
        emailConfirmedAt: autoconfirm ? now : null,
        phoneConfirmedAt: null,
        confirmationSentAt: autoconfirm ? null : now,
        confirmationToken: autoconfirm ? '' : randomBytes(28).toString('hex'),
        appMetadata: { provider: 'email', providers: ['email'] },
        userMetadata: autoconfirm ? { ...identityData, email_verified: true } : identityData,
        bannedUntil: null,
        now,
      });
      await insertIdentity(db, { userId, provider: 'email', providerId: userId, identityData, now });
      if (autoconfirm) return issueSession(ctx, db, user, req);
      return userJson(user, await findIdentities(db, userId));
    });
    sendJson(res, 200, response);
  } catch (error) {
    // Two sign-ups for one address at once: the unique index decides, the loser gets the
    // answer it would have got a moment later.
    if ((error as { code?: string }).code === UNIQUE_VIOLATION) {
      throw unprocessable('user_already_exists', 'User already registered');
    }
    if (error instanceof AuthApiError) throw error;
    throw databaseFailure(ctx, 'Database error saving new user', error);
  }
};

function obfuscatedUser(email: string, aud: string, data: Record<string, unknown>, now: Date): Record<string, unknown> {
  const at = now.toISOString();
  return {
    id: randomUUID(),
    aud,
    role: '',
    email,
    phone: '',
    confirmation_sent_at: at,
    app_metadata: { provider: 'email', providers: ['email'] },
    user_metadata: data,
    identities: [],
    created_at: at,
    updated_at: at,
    is_anonymous: false,
  };
}
