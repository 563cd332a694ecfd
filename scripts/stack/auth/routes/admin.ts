/**
 * The admin API the service_role key uses (supabase.auth.admin.*). Every handler starts with
 * requireAdmin, so a user's access token or the anon key gets 403 not_admin.
 */

import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { requestAudience, requireAdmin } from '../authenticate.ts';
import { databaseFailure, withTransaction, type AuthContext, type RouteHandler } from '../context.ts';
import { AuthApiError, badRequest, notFound, unprocessable } from '../errors.ts';
import { BodyFields, parseJsonObject, readBody, readFields, sendJson } from '../http.ts';
import { assertPasswordStrength, hashPassword, isBcryptHash } from '../passwords.ts';
import { deleteUserSessions } from '../sessions.ts';
import {
  DEFAULT_ROLE,
  NIL_UUID,
  findIdentities,
  findIdentitiesOfUsers,
  findUserById,
  findUserByIdForUpdate,
  findUserByPhone,
  findUserOwningEmail,
  insertIdentity,
  insertUser,
  listUserPage,
  mergeMetadata,
  updateIdentityData,
  updateUser,
  userJson,
  passwordChangePatch,
  type UserPatch,
  type UserRow,
} from '../users.ts';
import { isUuid, parseGoDuration, validateEmail, validatePhone } from '../validation.ts';

const DUPLICATE_EMAIL = 'A user with this email address has already been registered';
const UNIQUE_VIOLATION = '23505';

/** Page size when the caller gives none (GoTrue), and when it gives 0 (pop's paginator). */
const DEFAULT_PER_PAGE = 50;
const ZERO_PER_PAGE = 20;

interface AdminUserParams {
  id?: string;
  aud?: string;
  role?: string;
  email: string;
  phone: string;
  password?: string;
  passwordHash: string;
  emailConfirm: boolean;
  phoneConfirm: boolean;
  userMetadata?: Record<string, unknown>;
  appMetadata?: Record<string, unknown>;
  /** Milliseconds; 0 lifts a ban. Undefined leaves it alone. */
  banMs?: number;
}

function readAdminUserParams(body: BodyFields): AdminUserParams {
  const banDuration = body.string('ban_duration') ?? '';
  let banMs: number | undefined;
  if (banDuration !== '') {
    banMs = banDuration === 'none' ? 0 : (parseGoDuration(banDuration) ?? undefined);
    if (banMs === undefined) {
      throw badRequest('validation_failed', `invalid format for ban duration: time: invalid duration ${JSON.stringify(banDuration)}`);
    }
  }
  return {
    id: body.string('id') || undefined,
    aud: body.string('aud') || undefined,
    role: body.string('role') || undefined,
    email: body.string('email') ?? '',
    phone: body.string('phone') ?? '',
    password: body.string('password'),
    passwordHash: body.string('password_hash') ?? '',
    emailConfirm: body.boolean('email_confirm') ?? false,
    phoneConfirm: body.boolean('phone_confirm') ?? false,
    userMetadata: body.object('user_metadata'),
    appMetadata: body.object('app_metadata'),
    banMs,
  };
}

const bannedUntil = (banMs: number, now: Date) => (banMs === 0 ? null : new Date(now.getTime() + banMs));

async function loadTargetUser(ctx: AuthContext, userId: string): Promise<UserRow> {
  if (!isUuid(userId)) throw notFound('validation_failed', 'user_id must be an UUID');
  const user = await findUserById(ctx.pool, userId);
  if (!user) throw notFound('user_not_found', 'User not found');
  return user;
}

/** GET /admin/users?page=&per_page=: newest first, with GoTrue's X-Total-Count and Link headers. */
export const listUsers: RouteHandler = async (ctx, { req, res, pathname, query }) => {
  const claims = await requireAdmin(ctx, req);
  const aud = requestAudience(req, claims);

  const orderBy: string[] = [];
  for (const value of query.getAll('sort')) {
    const [field, direction = 'desc'] = value.split(' ', 2);
    if (field !== 'created_at') throw badRequest('validation_failed', `Bad Sort Parameters: bad field for sort '${field}'`);
    if (!['asc', 'desc'].includes(direction.toLowerCase())) {
      throw badRequest('validation_failed', `Bad Sort Parameters: bad direction for sort '${direction}', only 'asc' and 'desc' allowed`);
    }
    orderBy.push(`created_at ${direction.toLowerCase()}`);
  }
  if (orderBy.length === 0) orderBy.push('created_at desc');
  orderBy.push('id');

  const page = Math.max(1, parsePageNumber(query.get('page'), 1));
  const requestedPerPage = parsePageNumber(query.get('per_page'), DEFAULT_PER_PAGE);
  const perPage = requestedPerPage < 1 ? ZERO_PER_PAGE : requestedPerPage;

  const filter = query.get('filter') ?? '';
  const { total, users } = await listUserPage(ctx.pool, { aud, filter, orderBy, limit: perPage, offset: (page - 1) * perPage });
  const identities = await findIdentitiesOfUsers(ctx.pool, users.map((user) => user.id));
  const body = {
    users: users.map((user) => userJson(user, identities.filter((identity) => identity.user_id === user.id))),
    aud,
  };

  sendJson(res, 200, body, { 'X-Total-Count': String(total), Link: paginationLinks(pathname, query, page, perPage, total) });
};

function parsePageNumber(raw: string | null, fallback: number): number {
  if (raw === null || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) {
    throw badRequest('validation_failed', `Bad Pagination Parameters: strconv.ParseUint: parsing ${JSON.stringify(raw)}: invalid syntax`);
  }
  return Number(raw);
}

/**
 * GoTrue's Link header: rel="next" while pages remain and always rel="last", each the request's
 * own URL with `page` replaced and the query keys sorted (Go's url.Values.Encode). auth-js reads
 * the page number right after the first `=`, which the sorted order keeps being `page`.
 */
function paginationLinks(pathname: string, query: URLSearchParams, page: number, perPage: number, total: number): string {
  const totalPages = Math.ceil(total / perPage);
  const link = (targetPage: number) => {
    const params = new URLSearchParams(query);
    params.set('page', String(targetPage));
    params.sort();
    return `<${pathname}?${params.toString()}>`;
  };
  const parts: string[] = [];
  if (totalPages > page) parts.push(`${link(page + 1)}; rel="next"`);
  parts.push(`${link(totalPages)}; rel="last"`);
  return parts.join(', ');
}

/** GET /admin/users/:userId */
export const getUserById: RouteHandler = async (ctx, { req, res, params }) => {
  await requireAdmin(ctx, req);
  const user = await loadTargetUser(ctx, params.userId);
  sendJson(res, 200, userJson(user, await findIdentities(ctx.pool, user.id)));
};

/**
 * POST /admin/users. Unlike sign-up, the password policy does not apply (GoTrue lets admins set
 * any password), no session is issued, and the address is confirmed only with email_confirm.
 */
export const createUser: RouteHandler = async (ctx, { req, res }) => {
  const claims = await requireAdmin(ctx, req);
  const p = readAdminUserParams(await readFields(req, 'AdminUserParams'));
  const aud = p.aud ?? requestAudience(req, claims);

  if (p.email === '' && p.phone === '') throw badRequest('validation_failed', 'Cannot create a user without either an email or phone');
  const providers: string[] = [];
  const email = p.email === '' ? null : validateEmail(p.email);
  if (email) {
    if (await findUserOwningEmail(ctx.pool, email, aud)) throw unprocessable('email_exists', DUPLICATE_EMAIL);
    providers.push('email');
  }
  const phone = p.phone === '' ? null : validatePhone(p.phone);
  if (phone) {
    if (await findUserByPhone(ctx.pool, phone, aud)) throw unprocessable('phone_exists', 'Phone number already registered by another user');
    providers.push('phone');
  }
  if (p.password !== undefined && p.passwordHash !== '') {
    throw badRequest('validation_failed', 'Only a password or a password hash should be provided');
  }
  if (p.passwordHash !== '' && !isBcryptHash(p.passwordHash)) {
    throw badRequest('validation_failed', 'Invalid password hash: only bcrypt hashes are supported');
  }
  if (p.id !== undefined && !isUuid(p.id)) throw badRequest('validation_failed', 'ID must conform to the uuid v4 format');
  if (p.id === NIL_UUID) throw badRequest('validation_failed', 'ID cannot be a nil uuid');

  // Without a password the account can only be reached by other means (GoTrue generates a
  // random one the same way, so the column is never empty).
  const encryptedPassword =
    p.passwordHash !== '' ? p.passwordHash : await hashPassword(p.password || randomBytes(48).toString('base64url'));
  const userId = p.id?.toLowerCase() ?? randomUUID();
  const now = ctx.now();

  try {
    const created = await withTransaction(ctx.pool, async (db) => {
      const user = await insertUser(db, {
        id: userId,
        aud,
        role: p.role?.trim() || DEFAULT_ROLE,
        email,
        phone,
        encryptedPassword,
        emailConfirmedAt: p.emailConfirm ? now : null,
        phoneConfirmedAt: p.phoneConfirm ? now : null,
        confirmationSentAt: null,
        confirmationToken: '',
        appMetadata: mergeMetadata({ provider: providers[0], providers }, p.appMetadata ?? {}),
        userMetadata: { ...(p.userMetadata ?? {}), ...(p.emailConfirm ? { email_verified: true } : {}) },
        bannedUntil: p.banMs === undefined ? null : bannedUntil(p.banMs, now),
        now,
      });
      const flags = { email_verified: false, phone_verified: false };
      if (email) await insertIdentity(db, { userId, provider: 'email', providerId: userId, identityData: { sub: userId, email, ...flags }, now });
      if (phone) await insertIdentity(db, { userId, provider: 'phone', providerId: userId, identityData: { sub: userId, phone, ...flags }, now });
      return userJson(user, await findIdentities(db, userId));
    });
    sendJson(res, 200, created);
  } catch (error) {
    throw duplicateAsClientError(ctx, error, 'Database error creating new user');
  }
};

/**
 * Unique-index races and a taken id are the caller's problem (422), not a server failure; any
 * other database failure is GoTrue's 500 with its wording.
 */
function duplicateAsClientError(ctx: AuthContext, error: unknown, failure: string): unknown {
  if (error instanceof AuthApiError) return error;
  const pgError = error as { code?: string; constraint?: string };
  if (pgError.code !== UNIQUE_VIOLATION) return databaseFailure(ctx, failure, error);
  if (pgError.constraint === 'users_pkey') return unprocessable('user_already_exists', 'A user with this ID already exists');
  if (pgError.constraint?.includes('phone')) return unprocessable('phone_exists', 'Phone number already registered by another user');
  return unprocessable('email_exists', DUPLICATE_EMAIL);
}

/**
 * PUT /admin/users/:userId. Applies immediately what a user would have to confirm: a new email
 * or phone replaces the old one. A new password must pass the policy and signs the user out of
 * every session.
 */
export const updateUserById: RouteHandler = async (ctx, { req, res, params }) => {
  const claims = await requireAdmin(ctx, req);
  const target = await loadTargetUser(ctx, params.userId);
  const p = readAdminUserParams(await readFields(req, 'AdminUserParams'));
  const aud = requestAudience(req, claims);

  const email = p.email === '' ? null : validateEmail(p.email);
  const phone = p.phone === '' ? null : validatePhone(p.phone);
  if (email && email !== target.email && (await findUserOwningEmail(ctx.pool, email, aud, target.id))) {
    throw unprocessable('email_exists', DUPLICATE_EMAIL);
  }
  if (phone && phone !== target.phone) {
    const owner = await findUserByPhone(ctx.pool, phone, aud);
    if (owner && owner.id !== target.id) throw unprocessable('phone_exists', 'Phone number already registered by another user');
  }
  let encryptedPassword: string | null | undefined;
  if (p.password !== undefined) {
    assertPasswordStrength(ctx.settings, p.password);
    encryptedPassword = p.password === '' ? null : await hashPassword(p.password);
  }

  try {
    const updated = await withTransaction(ctx.pool, async (db) => {
      const current = await findUserByIdForUpdate(db, target.id);
      if (!current) throw notFound('user_not_found', 'User not found');
      const now = ctx.now();
      const patch: UserPatch = {};
      let userMetadata = current.raw_user_meta_data;

      if (p.role) patch.role = p.role.trim();
      if (p.emailConfirm) {
        patch.email_confirmed_at = now;
        patch.confirmation_token = '';
        userMetadata = mergeMetadata(userMetadata, { email_verified: true });
      }
      if (p.phoneConfirm) patch.phone_confirmed_at = now;
      if (encryptedPassword !== undefined) {
        Object.assign(patch, passwordChangePatch(encryptedPassword));
        await deleteUserSessions(db, current.id);
      }
      const identities = await findIdentities(db, current.id);
      if (email) {
        await upsertIdentity(db, current.id, identities, 'email', { email, email_verified: p.emailConfirm }, now);
        patch.email = email;
      }
      if (phone) {
        await upsertIdentity(db, current.id, identities, 'phone', { phone, phone_verified: p.phoneConfirm }, now);
        patch.phone = phone;
      }
      if (p.appMetadata) patch.raw_app_meta_data = mergeMetadata(current.raw_app_meta_data, p.appMetadata);
      if (p.userMetadata) userMetadata = mergeMetadata(userMetadata, p.userMetadata);
      if (userMetadata !== current.raw_user_meta_data && userMetadata) patch.raw_user_meta_data = userMetadata;
      if (p.banMs !== undefined) patch.banned_until = bannedUntil(p.banMs, now);

      const row = Object.keys(patch).length > 0 ? await updateUser(db, current.id, patch, now) : current;
      return userJson(row, await findIdentities(db, row.id));
    });
    sendJson(res, 200, updated);
  } catch (error) {
    throw duplicateAsClientError(ctx, error, 'Error updating user');
  }
};

async function upsertIdentity(
  db: Parameters<typeof insertIdentity>[0],
  userId: string,
  identities: Awaited<ReturnType<typeof findIdentities>>,
  provider: 'email' | 'phone',
  data: Record<string, unknown>,
  now: Date,
): Promise<void> {
  const existing = identities.find((identity) => identity.provider === provider);
  if (existing) await updateIdentityData(db, existing.id, data, now);
  else {
    await insertIdentity(db, {
      userId,
      provider,
      providerId: userId,
      identityData: { sub: userId, email_verified: false, phone_verified: false, ...data },
      now,
    });
  }
}

/**
 * DELETE /admin/users/:userId, body { should_soft_delete }. A hard delete removes the row and,
 * through foreign keys, its identities and sessions. A soft delete keeps the row for references
 * but makes it unusable: identifiers are replaced by hashes, the password and sessions removed.
 */
export const deleteUserById: RouteHandler = async (ctx, { req, res, params }) => {
  await requireAdmin(ctx, req);
  const user = await loadTargetUser(ctx, params.userId);
  const raw = await readBody(req);
  const soft = raw.length > 0 ? (new BodyFields(parseJsonObject(raw, 'adminUserDeleteParams'), 'adminUserDeleteParams').boolean('should_soft_delete') ?? false) : false;

  try {
    await withTransaction(ctx.pool, async (db) => {
      if (!soft) {
        await db.query('delete from auth.users where id = $1', [user.id]);
        return;
      }
      if (user.deleted_at) return;
      const now = ctx.now();
      const obfuscate = (value: string) => createHash('sha256').update(`${user.id}:${value}`).digest('hex');
      await updateUser(
        db,
        user.id,
        {
          email: user.email ? `${obfuscate(user.email)}@deleted.invalid` : null,
          phone: user.phone ? obfuscate(user.phone).slice(0, 15) : null,
          email_change: '',
          phone_change: '',
          encrypted_password: null,
          confirmation_token: '',
          recovery_token: '',
          email_change_token_current: '',
          email_change_token_new: '',
          phone_change_token: '',
          reauthentication_token: '',
          raw_user_meta_data: {},
          raw_app_meta_data: {},
          deleted_at: now,
        },
        now,
      );
      await db.query(
        `update auth.identities set provider_id = encode(sha256(convert_to(user_id::text || ':' || provider_id, 'UTF8')), 'hex'),
                identity_data = '{}'::jsonb, updated_at = $2
          where user_id = $1`,
        [user.id, now],
      );
      await deleteUserSessions(db, user.id);
    });
  } catch (error) {
    // Application tables referencing auth.users without ON DELETE CASCADE block the delete;
    // Supabase answers exactly this, and the fix is in the schema, not the request.
    if (error instanceof AuthApiError) throw error;
    throw databaseFailure(ctx, 'Database error deleting user', error);
  }
  sendJson(res, 200, {});
};
