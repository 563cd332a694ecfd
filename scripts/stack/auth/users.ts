import { randomUUID } from 'node:crypto';
import type pg from 'pg';

/** Anything that runs a query: the pool, or a client inside a transaction. */
export type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

/**
 * GoTrue scopes every row to instance_id = uuid.Nil and ignores rows without it; we do the same,
 * so a seed that works here also works against the real service.
 */
export const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/** The audience and role GoTrue gives users (GOTRUE_JWT_AUD, GOTRUE_JWT_DEFAULT_GROUP_NAME). */
export const DEFAULT_AUDIENCE = 'authenticated';
export const DEFAULT_ROLE = 'authenticated';

export interface UserRow {
  id: string;
  aud: string | null;
  role: string | null;
  email: string | null;
  encrypted_password: string | null;
  email_confirmed_at: Date | null;
  invited_at: Date | null;
  phone: string | null;
  phone_confirmed_at: Date | null;
  confirmation_sent_at: Date | null;
  confirmed_at: Date | null;
  recovery_sent_at: Date | null;
  email_change: string | null;
  email_change_sent_at: Date | null;
  phone_change: string | null;
  phone_change_sent_at: Date | null;
  reauthentication_sent_at: Date | null;
  last_sign_in_at: Date | null;
  raw_app_meta_data: Record<string, unknown> | null;
  raw_user_meta_data: Record<string, unknown> | null;
  created_at: Date;
  updated_at: Date;
  banned_until: Date | null;
  deleted_at: Date | null;
  is_anonymous: boolean;
}

export interface IdentityRow {
  id: string;
  provider_id: string;
  user_id: string;
  identity_data: Record<string, unknown>;
  provider: string;
  last_sign_in_at: Date | null;
  created_at: Date;
  updated_at: Date;
  email: string | null;
}

const USER_COLUMNS = `id, aud, role, email, encrypted_password, email_confirmed_at, invited_at, phone,
  phone_confirmed_at, confirmation_sent_at, confirmed_at, recovery_sent_at, email_change,
  email_change_sent_at, phone_change, phone_change_sent_at, reauthentication_sent_at, last_sign_in_at,
  raw_app_meta_data, raw_user_meta_data, created_at, updated_at, banned_until, deleted_at, is_anonymous`;

/** Columns the service writes; the allow-list keeps column names out of reach of request data. */
export type UserPatch = Partial<{
  aud: string;
  role: string;
  email: string | null;
  encrypted_password: string | null;
  email_confirmed_at: Date | null;
  phone: string | null;
  phone_confirmed_at: Date | null;
  confirmation_token: string;
  confirmation_sent_at: Date | null;
  recovery_token: string;
  recovery_sent_at: Date | null;
  email_change: string;
  email_change_token_new: string;
  email_change_token_current: string;
  email_change_sent_at: Date | null;
  email_change_confirm_status: number;
  phone_change: string;
  phone_change_token: string;
  phone_change_sent_at: Date | null;
  reauthentication_token: string;
  reauthentication_sent_at: Date | null;
  last_sign_in_at: Date;
  raw_app_meta_data: Record<string, unknown>;
  raw_user_meta_data: Record<string, unknown>;
  banned_until: Date | null;
  deleted_at: Date | null;
}>;

/**
 * A new password invalidates every token issued under the old one (GoTrue's UpdatePassword does the
 * same): confirmation, recovery, email/phone change and reauthentication tokens are all cleared.
 */
export function passwordChangePatch(encryptedPassword: string | null): UserPatch {
  return {
    encrypted_password: encryptedPassword,
    confirmation_token: '',
    confirmation_sent_at: null,
    recovery_token: '',
    recovery_sent_at: null,
    email_change_token_current: '',
    email_change_token_new: '',
    email_change_sent_at: null,
    phone_change_token: '',
    phone_change_sent_at: null,
    reauthentication_token: '',
    reauthentication_sent_at: null,
  };
}


const WRITABLE_COLUMNS = new Set<string>([
  'aud', 'role', 'email', 'encrypted_password', 'email_confirmed_at', 'phone', 'phone_confirmed_at',
  'confirmation_token', 'confirmation_sent_at', 'recovery_token', 'recovery_sent_at', 'email_change',
  'email_change_token_new', 'email_change_token_current', 'email_change_sent_at', 'email_change_confirm_status',
  'phone_change', 'phone_change_token', 'phone_change_sent_at', 'reauthentication_token',
  'reauthentication_sent_at', 'last_sign_in_at', 'raw_app_meta_data', 'raw_user_meta_data', 'banned_until',
  'deleted_at',
]);

export async function findUserById(db: Queryable, id: string): Promise<UserRow | null> {
  const { rows } = await db.query<UserRow>(`select ${USER_COLUMNS} from auth.users where instance_id = $1 and id = $2`, [NIL_UUID, id]);
  return rows[0] ?? null;
}

/** Locks the row for the rest of the transaction, so concurrent updates apply one after another. */
export async function findUserByIdForUpdate(db: pg.PoolClient, id: string): Promise<UserRow | null> {
  const { rows } = await db.query<UserRow>(`select ${USER_COLUMNS} from auth.users where instance_id = $1 and id = $2 for update`, [NIL_UUID, id]);
  return rows[0] ?? null;
}

/** Sign-in lookup: case-insensitive, never an SSO account (those may share an address). */
export async function findUserByEmail(db: Queryable, email: string, aud: string): Promise<UserRow | null> {
  const { rows } = await db.query<UserRow>(
    `select ${USER_COLUMNS} from auth.users
      where instance_id = $1 and lower(email) = lower($2) and aud = $3 and is_sso_user = false
      limit 1`,
    [NIL_UUID, email, aud],
  );
  return rows[0] ?? null;
}

export async function findUserByPhone(db: Queryable, phone: string, aud: string): Promise<UserRow | null> {
  const { rows } = await db.query<UserRow>(
    `select ${USER_COLUMNS} from auth.users where instance_id = $1 and phone = $2 and aud = $3 and is_sso_user = false limit 1`,
    [NIL_UUID, phone, aud],
  );
  return rows[0] ?? null;
}

/**
 * Whether another user in the audience already owns this address, through any identity or the
 * users row itself (GoTrue's IsDuplicatedEmail).
 */
export async function findUserOwningEmail(db: Queryable, email: string, aud: string, exceptUserId?: string): Promise<UserRow | null> {
  const { rows } = await db.query<UserRow>(
    `select ${USER_COLUMNS} from auth.users u
      where u.instance_id = $1 and u.aud = $3 and ($4::uuid is null or u.id <> $4::uuid)
        and (u.id in (select user_id from auth.identities where email = lower($2))
             or (lower(u.email) = lower($2) and u.is_sso_user = false))
      limit 1`,
    [NIL_UUID, email, aud, exceptUserId ?? null],
  );
  return rows[0] ?? null;
}

export async function findIdentities(db: Queryable, userId: string): Promise<IdentityRow[]> {
  const { rows } = await db.query<IdentityRow>(
    `select id, provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at, email
       from auth.identities where user_id = $1 order by created_at, id`,
    [userId],
  );
  return rows;
}

/** Identities of many users at once, for listings. */
export async function findIdentitiesOfUsers(db: Queryable, userIds: string[]): Promise<IdentityRow[]> {
  if (userIds.length === 0) return [];
  const { rows } = await db.query<IdentityRow>(
    `select id, provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at, email
       from auth.identities where user_id = any($1::uuid[]) order by created_at, id`,
    [userIds],
  );
  return rows;
}

/**
 * One page of the admin listing. `filter` matches email or full_name like GoTrue's (LIKE on
 * email, ILIKE on the name); orderBy entries come from a fixed allow-list in the route.
 */
export async function listUserPage(
  db: Queryable,
  page: { aud: string; filter: string; orderBy: string[]; limit: number; offset: number },
): Promise<{ total: number; users: UserRow[] }> {
  const where = `instance_id = $1 and aud = $2
    and ($3 = '' or email like '%' || $3 || '%' or raw_user_meta_data->>'full_name' ilike '%' || $3 || '%')`;
  const { rows: counted } = await db.query<{ count: string }>(`select count(*) from auth.users where ${where}`, [NIL_UUID, page.aud, page.filter]);
  const { rows } = await db.query<UserRow>(
    `select ${USER_COLUMNS} from auth.users where ${where} order by ${page.orderBy.join(', ')} limit $4 offset $5`,
    [NIL_UUID, page.aud, page.filter, page.limit, page.offset],
  );
  return { total: Number(counted[0].count), users: rows };
}

export interface NewUser {
  id?: string;
  aud: string;
  role: string;
  email: string | null;
  phone: string | null;
  encryptedPassword: string | null;
  emailConfirmedAt: Date | null;
  phoneConfirmedAt: Date | null;
  confirmationSentAt: Date | null;
  confirmationToken: string;
  appMetadata: Record<string, unknown>;
  userMetadata: Record<string, unknown>;
  bannedUntil: Date | null;
  now: Date;
}

export async function insertUser(db: Queryable, user: NewUser): Promise<UserRow> {
  const { rows } = await db.query<UserRow>(
    `insert into auth.users (instance_id, id, aud, role, email, phone, encrypted_password, email_confirmed_at,
        phone_confirmed_at, confirmation_sent_at, confirmation_token, raw_app_meta_data, raw_user_meta_data,
        banned_until, created_at, updated_at, is_sso_user, is_anonymous)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15, false, false)
     returning ${USER_COLUMNS}`,
    [
      NIL_UUID,
      user.id ?? randomUUID(),
      user.aud,
      user.role,
      user.email,
      user.phone,
      user.encryptedPassword,
      user.emailConfirmedAt,
      user.phoneConfirmedAt,
      user.confirmationSentAt,
      user.confirmationToken,
      user.appMetadata,
      user.userMetadata,
      user.bannedUntil,
      user.now,
    ],
  );
  return rows[0];
}

/** Writes the given columns and updated_at, as GoTrue's UpdateOnly does, and returns the new row. */
export async function updateUser(db: Queryable, id: string, patch: UserPatch, now: Date): Promise<UserRow> {
  const entries = Object.entries(patch).filter(([, value]) => value !== undefined);
  const sets: string[] = [];
  const values: unknown[] = [id, now];
  for (const [column, value] of entries) {
    if (!WRITABLE_COLUMNS.has(column)) throw new Error(`auth.users.${column} is not writable`);
    values.push(value);
    sets.push(`${column} = $${values.length}`);
  }
  sets.push('updated_at = $2');
  const { rows } = await db.query<UserRow>(`update auth.users set ${sets.join(', ')} where id = $1 returning ${USER_COLUMNS}`, values);
  return rows[0];
}

export async function insertIdentity(
  db: Queryable,
  identity: { userId: string; provider: string; providerId: string; identityData: Record<string, unknown>; now: Date },
): Promise<IdentityRow> {
  const { rows } = await db.query<IdentityRow>(
    `insert into auth.identities (id, provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $6, $6)
     returning id, provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at, email`,
    [randomUUID(), identity.providerId, identity.userId, identity.identityData, identity.provider, identity.now],
  );
  return rows[0];
}

export async function updateIdentityData(db: Queryable, identityId: string, data: Record<string, unknown>, now: Date): Promise<void> {
  await db.query('update auth.identities set identity_data = identity_data || $2::jsonb, updated_at = $3 where id = $1', [identityId, data, now]);
}

/**
 * Metadata updates merge top-level keys and a null value removes the key, as GoTrue's
 * UpdateUserMetaData/UpdateAppMetaData do.
 */
export function mergeMetadata(current: Record<string, unknown> | null, updates: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...(current ?? {}) };
  for (const [key, value] of Object.entries(updates)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}

export function isBanned(user: UserRow, now: Date): boolean {
  return user.banned_until !== null && user.banned_until.getTime() > now.getTime();
}

const iso = (value: Date | null) => (value ? value.toISOString() : undefined);

/** The user as GoTrue serialises it (models.User): optional timestamps are left out when unset. */
export function userJson(user: UserRow, identities: IdentityRow[]): Record<string, unknown> {
  const optional = (entries: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined && value !== ''));
  return {
    id: user.id,
    aud: user.aud ?? '',
    role: user.role ?? '',
    email: user.email ?? '',
    ...optional({ email_confirmed_at: iso(user.email_confirmed_at), invited_at: iso(user.invited_at) }),
    phone: user.phone ?? '',
    ...optional({
      phone_confirmed_at: iso(user.phone_confirmed_at),
      confirmation_sent_at: iso(user.confirmation_sent_at),
      confirmed_at: iso(user.confirmed_at),
      recovery_sent_at: iso(user.recovery_sent_at),
      new_email: user.email_change ?? undefined,
      email_change_sent_at: iso(user.email_change_sent_at),
      new_phone: user.phone_change ?? undefined,
      phone_change_sent_at: iso(user.phone_change_sent_at),
      reauthentication_sent_at: iso(user.reauthentication_sent_at),
      last_sign_in_at: iso(user.last_sign_in_at),
    }),
    app_metadata: user.raw_app_meta_data ?? {},
    user_metadata: user.raw_user_meta_data ?? {},
    identities: identities.map(identityJson),
    created_at: user.created_at.toISOString(),
    updated_at: user.updated_at.toISOString(),
    ...optional({ banned_until: iso(user.banned_until), deleted_at: iso(user.deleted_at) }),
    is_anonymous: user.is_anonymous,
  };
}

/**
 * GoTrue swaps the names for backward compatibility with old clients: `id` is the provider's id
 * for the user and `identity_id` is the row's primary key.
 */
export function identityJson(identity: IdentityRow): Record<string, unknown> {
  return {
    identity_id: identity.id,
    id: identity.provider_id,
    user_id: identity.user_id,
    identity_data: identity.identity_data,
    provider: identity.provider,
    ...(identity.last_sign_in_at ? { last_sign_in_at: identity.last_sign_in_at.toISOString() } : {}),
    created_at: identity.created_at.toISOString(),
    updated_at: identity.updated_at.toISOString(),
    ...(identity.email ? { email: identity.email } : {}),
  };
}
