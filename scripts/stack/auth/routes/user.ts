import { randomBytes } from 'node:crypto';
import { authenticate, enforceRateLimit, requestAudience } from '../authenticate.ts';
import { withTransaction, type RouteHandler } from '../context.ts';
import { badRequest, forbidden, internalError, unprocessable } from '../errors.ts';
import { readFields, sendJson } from '../http.ts';
import { assertPasswordStrength, hashPassword, verifyPassword } from '../passwords.ts';
import { deleteUserSessions } from '../sessions.ts';
import {
  DEFAULT_AUDIENCE,
  findIdentities,
  findUserByIdForUpdate,
  findUserByPhone,
  findUserOwningEmail,
  mergeMetadata,
  updateUser,
  userJson,
  passwordChangePatch,
  type UserPatch,
  type UserRow,
} from '../users.ts';
import { validateEmail, validatePhone } from '../validation.ts';

/** GET /user: the signed-in user, as long as the token's session still exists. */
export const getUser: RouteHandler = async (ctx, { req, res }) => {
  const { user, claims } = await authenticate(ctx, req);
  const tokenAudience = Array.isArray(claims.aud) ? claims.aud[0] : claims.aud;
  if (!tokenAudience || requestAudience(req, claims) !== tokenAudience) {
    throw badRequest('validation_failed', "Token audience doesn't match request audience");
  }
  sendJson(res, 200, userJson(user, await findIdentities(ctx.pool, user.id)));
};

/** GoTrue's isAdmin: a user in the default audience whose role is the admin group. */
const isAdminUser = (user: UserRow) => user.aud === DEFAULT_AUDIENCE && user.role === 'admin';

const REAUTHENTICATION_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * PUT /user: metadata, password, email and phone, in GoTrue's order of checks.
 *
 * - A new password must pass the policy, differ from the current one, and signs out every other
 *   session of the user (the caller's stays).
 * - An email change is recorded as pending (`new_email`), as GoTrue does for confirmed users even
 *   with autoconfirm: it waits for a link this local service has no mailer to send.
 * - A phone change applies at once when SMS confirmations are off (GoTrue's SMS autoconfirm),
 *   otherwise it is recorded as pending likewise.
 */
export const updateCurrentUser: RouteHandler = async (ctx, { req, res }) => {
  const { settings } = ctx;
  const { user, session } = await authenticate(ctx, req);
  enforceRateLimit(ctx.limiters.userUpdate, req);

  const body = await readFields(req, 'UserUpdateParams');
  const rawEmail = body.string('email') ?? '';
  const password = body.string('password');
  const nonce = body.string('nonce') ?? '';
  const data = body.object('data');
  const appData = body.object('app_metadata');
  const rawPhone = body.string('phone') ?? '';

  const email = rawEmail === '' ? '' : validateEmail(rawEmail);
  const phone = rawPhone === '' ? '' : validatePhone(rawPhone);
  if (password !== undefined) assertPasswordStrength(settings, password);
  if (appData && !isAdminUser(user)) throw forbidden('not_admin', 'Updating app_metadata requires admin privileges');

  const aud = requestAudience(req);
  const changesEmail = email !== '' && email !== (user.email ?? '');
  const changesPhone = phone !== '' && phone !== (user.phone ?? '');
  if (changesEmail && (await findUserOwningEmail(ctx.pool, email, aud, user.id))) {
    throw unprocessable('email_exists', 'A user with this email address has already been registered');
  }
  if (changesPhone && (await findUserByPhone(ctx.pool, phone, aud))) {
    throw unprocessable('phone_exists', 'A user with this phone number has already been registered');
  }

  let encryptedPassword: string | null | undefined;
  if (password !== undefined) {
    const now = ctx.now();
    if (settings.email.securePasswordChange && (!session || now.getTime() > session.created_at.getTime() + REAUTHENTICATION_WINDOW_MS)) {
      // The nonce comes from /reauthenticate, which mails or texts it; neither exists locally.
      if (nonce === '') throw badRequest('reauthentication_needed', 'Password update requires reauthentication');
      throw unprocessable('reauthentication_not_valid', 'Nonce has expired or is invalid');
    }
    if (password !== '' && (await verifyPassword(password, user.encrypted_password))) {
      throw unprocessable('same_password', 'New password should be different from the old password.');
    }
    encryptedPassword = password === '' ? null : await hashPassword(password);
  }

  const updated = await withTransaction(ctx.pool, async (db) => {
    // Re-read under lock so concurrent metadata updates merge instead of overwriting each other.
    const current = await findUserByIdForUpdate(db, user.id);
    if (!current) throw internalError('User disappeared during update');
    const now = ctx.now();
    let patch: UserPatch = {};

    if (encryptedPassword !== undefined) {
      patch = passwordChangePatch(encryptedPassword);
      await deleteUserSessions(db, current.id, session?.id);
    }
    if (data) patch.raw_user_meta_data = mergeMetadata(current.raw_user_meta_data, data);
    if (appData) patch.raw_app_meta_data = mergeMetadata(current.raw_app_meta_data, appData);
    if (changesEmail) {
      patch = {
        ...patch,
        email_change: email,
        email_change_sent_at: now,
        email_change_token_new: randomBytes(28).toString('hex'),
        email_change_token_current: settings.email.doubleConfirmChanges ? randomBytes(28).toString('hex') : '',
        email_change_confirm_status: 0,
      };
    }
    if (changesPhone) {
      patch = settings.sms.enableConfirmations
        ? { ...patch, phone_change: phone, phone_change_sent_at: now, phone_change_token: randomBytes(28).toString('hex') }
        : { ...patch, phone, phone_confirmed_at: now, phone_change: '' };
    }
    const row = Object.keys(patch).length > 0 ? await updateUser(db, current.id, patch, now) : current;
    return userJson(row, await findIdentities(db, row.id));
  });
  sendJson(res, 200, updated);
};
