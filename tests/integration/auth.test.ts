/**
 * Supabase Auth's email and password API, exercised the way the app uses it: an unmodified
 * supabase-js client talking to the local stack through its gateway. Where a behaviour is only
 * visible on the wire (status codes, error shapes, headers) the test calls the API with fetch.
 */
import { randomInt, randomUUID } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { decodeJwt, jwtVerify } from 'jose';
import pg from 'pg';
import { AuthWeakPasswordError, createClient, isAuthSessionMissingError, type SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonKey, apiUrl, dbUrl, jwtSecret, serviceRoleKey } from './support/stack.ts';

// Every client gets its own address (198.18.0.0/16 is reserved for benchmarks, never a real
// peer; support/stack.ts hands out 198.19.x.x), so the per-IP rate limits only trip where a test
// trips them on purpose.
const subnet = `198.18.${randomInt(256)}`;
let hosts = 0;
const freshIp = () => `${subnet}.${(hosts++ % 254) + 1}`;
/** An address no other client of the suite will ever get (IPv6 documentation prefix), to exhaust on purpose. */
const throwawayIp = () => `2001:db8::${randomInt(0x10000).toString(16)}:${randomInt(0x10000).toString(16)}`;

const PASSWORD = 'correct-horse-1';

function newClient(key = anonKey, ip = freshIp()): SupabaseClient {
  return createClient(apiUrl, key, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    global: { headers: { 'X-Forwarded-For': ip } },
  });
}

const admin = () => newClient(serviceRoleKey);
const newEmail = (label = 'user') => `${label}-${randomUUID()}@example.com`;

async function signedUpClient(options: { email?: string; data?: Record<string, unknown> } = {}) {
  const client = newClient();
  const email = options.email ?? newEmail();
  const { data, error } = await client.auth.signUp({ email, password: PASSWORD, options: { data: options.data } });
  expect(error).toBeNull();
  expect(data.session).not.toBeNull();
  return { client, email, user: data.user!, session: data.session! };
}

/** The raw API, for what supabase-js does not surface: status codes, bodies, headers. */
async function api(
  path: string,
  init: { method?: string; body?: unknown; rawBody?: string; token?: string; apiVersion?: string | null; ip?: string } = {},
) {
  const headers: Record<string, string> = {
    apikey: anonKey,
    Authorization: `Bearer ${init.token ?? anonKey}`,
    'Content-Type': 'application/json',
    'X-Forwarded-For': init.ip ?? freshIp(),
  };
  if (init.apiVersion !== null) headers['X-Supabase-Api-Version'] = init.apiVersion ?? '2024-01-01';
  const response = await fetch(`${apiUrl}/auth/v1${path}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}

let db: pg.Client;

beforeAll(async () => {
  db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
});

afterAll(async () => {
  await db?.end();
});

describe('sign-up', () => {
  it('creates a confirmed user and returns a session whose JWT carries the claims Supabase puts there', async () => {
    const email = newEmail('Signup').replace('signup', 'SignUp');
    const { user, session } = await signedUpClient({ email, data: { display_name: 'Ada' } });

    expect(user.email).toBe(email.toLowerCase());
    expect(user.email_confirmed_at).toBeTruthy();
    expect(user.user_metadata).toMatchObject({ display_name: 'Ada', email: email.toLowerCase(), email_verified: true, sub: user.id });
    expect(user.app_metadata).toEqual({ provider: 'email', providers: ['email'] });
    expect(user.identities?.map((identity) => identity.provider)).toEqual(['email']);

    const { payload } = await jwtVerify(session.access_token, new TextEncoder().encode(jwtSecret));
    expect(payload).toMatchObject({
      iss: `${apiUrl}/auth/v1`,
      sub: user.id,
      aud: 'authenticated',
      role: 'authenticated',
      email: email.toLowerCase(),
      phone: '',
      app_metadata: { provider: 'email', providers: ['email'] },
      user_metadata: { display_name: 'Ada' },
      aal: 'aal1',
      is_anonymous: false,
    });
    expect(payload.exp! - payload.iat!).toBe(3600);
    expect(session.expires_in).toBe(3600);
    expect(payload.amr).toEqual([{ method: 'password', timestamp: expect.any(Number) }]);

    // What admins see in the database: a bcrypt hash, an email identity, the session and its token.
    const { rows: users } = await db.query('select encrypted_password from auth.users where id = $1', [user.id]);
    expect(await bcrypt.compare(PASSWORD, users[0].encrypted_password)).toBe(true);
    const { rows: identities } = await db.query('select provider, provider_id, email from auth.identities where user_id = $1', [user.id]);
    expect(identities).toEqual([{ provider: 'email', provider_id: user.id, email: email.toLowerCase() }]);
    const { rows: tokens } = await db.query('select session_id, revoked from auth.refresh_tokens where token = $1', [session.refresh_token]);
    expect(tokens).toEqual([{ session_id: payload.session_id, revoked: false }]);
  });

  it('refuses a second account for the same address, whatever its case', async () => {
    const { email } = await signedUpClient();
    const { data, error } = await newClient().auth.signUp({ email: email.toUpperCase(), password: PASSWORD });
    expect(data.session).toBeNull();
    expect(error).toMatchObject({ status: 422, code: 'user_already_exists', message: 'User already registered' });
  });

  it('refuses a weak password and says why', async () => {
    const { error } = await newClient().auth.signUp({ email: newEmail(), password: '12345' });
    expect(error).toBeInstanceOf(AuthWeakPasswordError);
    expect(error).toMatchObject({ status: 422, code: 'weak_password', reasons: ['length'] });
    expect(error!.message).toBe('Password should be at least 6 characters.');
  });

  it('refuses an address that is not one', async () => {
    const { error } = await newClient().auth.signUp({ email: 'not-an-address', password: PASSWORD });
    expect(error).toMatchObject({ status: 400, code: 'validation_failed' });
  });
});

describe('sign-in', () => {
  it('signs in with the right password and records the sign-in', async () => {
    const { email, user } = await signedUpClient();
    const client = newClient();
    const { data, error } = await client.auth.signInWithPassword({ email: email.toUpperCase(), password: PASSWORD });
    expect(error).toBeNull();
    expect(data.user?.id).toBe(user.id);
    expect(data.session?.refresh_token).toMatch(/^[a-z0-9]{12}$/);
    expect(new Date(data.user!.last_sign_in_at!).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect((await client.auth.getUser()).data.user?.id).toBe(user.id);
  });

  it('answers a wrong password and an unknown address with the same invalid_credentials', async () => {
    const { email } = await signedUpClient();
    const wrong = await newClient().auth.signInWithPassword({ email, password: 'wrong-password' });
    const unknown = await newClient().auth.signInWithPassword({ email: newEmail(), password: PASSWORD });
    for (const { data, error } of [wrong, unknown]) {
      expect(data.session).toBeNull();
      expect(error).toMatchObject({ status: 400, code: 'invalid_credentials', message: 'Invalid login credentials' });
    }
  });
});

describe('refresh tokens', () => {
  it('rotate on every refresh, and a client that lost the answer gets the same new token again', async () => {
    const { client, session } = await signedUpClient();
    const first = await client.auth.refreshSession({ refresh_token: session.refresh_token });
    expect(first.error).toBeNull();
    const rotated = first.data.session!;
    expect(rotated.refresh_token).not.toBe(session.refresh_token);
    // The new access token belongs to the same session.
    expect(decodeJwt(rotated.access_token).session_id).toBe(decodeJwt(session.access_token).session_id);

    // Reusing the token just exchanged (within the reuse interval) returns the active one.
    const again = await newClient().auth.refreshSession({ refresh_token: session.refresh_token });
    expect(again.error).toBeNull();
    expect(again.data.session?.refresh_token).toBe(rotated.refresh_token);

    const { rows } = await db.query('select token, revoked, parent from auth.refresh_tokens where token = any($1) order by id', [
      [session.refresh_token, rotated.refresh_token],
    ]);
    expect(rows).toEqual([
      { token: session.refresh_token, revoked: true, parent: null },
      { token: rotated.refresh_token, revoked: false, parent: session.refresh_token },
    ]);
  });

  it('accept an older revoked token within the reuse interval, as when several tabs refresh at once', async () => {
    const { session } = await signedUpClient();
    const client = newClient();
    const second = (await client.auth.refreshSession({ refresh_token: session.refresh_token })).data.session!;
    const third = (await client.auth.refreshSession({ refresh_token: second.refresh_token })).data.session!;

    const concurrent = await newClient().auth.refreshSession({ refresh_token: session.refresh_token });
    expect(concurrent.error).toBeNull();
    const issued = concurrent.data.session!;
    expect([session.refresh_token, second.refresh_token, third.refresh_token]).not.toContain(issued.refresh_token);
    expect((await api('/user', { token: issued.access_token })).status).toBe(200);
  });

  it('treat reuse after the interval as theft: the whole session ends and the reuse is refused', async () => {
    const { session } = await signedUpClient();
    const client = newClient();
    const second = (await client.auth.refreshSession({ refresh_token: session.refresh_token })).data.session!;
    const third = (await client.auth.refreshSession({ refresh_token: second.refresh_token })).data.session!;

    // Move the first token's revocation a minute into the past, beyond the 10 s reuse interval.
    await db.query(`update auth.refresh_tokens set updated_at = updated_at - interval '60 seconds' where token = $1`, [session.refresh_token]);
    const replay = await newClient().auth.refreshSession({ refresh_token: session.refresh_token });
    expect(replay.data.session).toBeNull();
    expect(replay.error).toMatchObject({ status: 400, code: 'refresh_token_already_used' });

    // The legitimate holder is signed out too: the session's refresh tokens are gone...
    const holder = await newClient().auth.refreshSession({ refresh_token: third.refresh_token });
    expect(holder.error).toMatchObject({ status: 400, code: 'refresh_token_not_found' });
    // ...and so is its access token, long before it would expire.
    expect(await api('/user', { token: third.access_token })).toMatchObject({ status: 403, body: { code: 'session_not_found' } });
  });

  it('refuses a token that was never issued, and one that is not shaped like a token', async () => {
    const unknown = await newClient().auth.refreshSession({ refresh_token: 'abcdef123456' });
    expect(unknown.error).toMatchObject({ status: 400, code: 'refresh_token_not_found' });
    const malformed = await api('/token?grant_type=refresh_token', { method: 'POST', body: { refresh_token: 'nope' } });
    expect(malformed).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
  });
});

describe('sign-out', () => {
  it('revokes the session: its access token and refresh token stop working at once', async () => {
    const { client, session } = await signedUpClient();
    expect((await client.auth.signOut()).error).toBeNull();

    const { data, error } = await newClient().auth.getUser(session.access_token);
    expect(data.user).toBeNull();
    expect(isAuthSessionMissingError(error)).toBe(true);
    expect(await api('/user', { token: session.access_token })).toMatchObject({ status: 403, body: { code: 'session_not_found' } });

    const refreshed = await newClient().auth.refreshSession({ refresh_token: session.refresh_token });
    expect(refreshed.error).toMatchObject({ status: 400, code: 'refresh_token_not_found' });
  });

  it('honours the scopes: local ends only this session, others all but this one', async () => {
    const { email } = await signedUpClient();
    const signIn = async () => {
      const client = newClient();
      const { data } = await client.auth.signInWithPassword({ email, password: PASSWORD });
      return { client, session: data.session! };
    };
    const [a, b, c] = [await signIn(), await signIn(), await signIn()];
    const works = async (token: string) => (await api('/user', { token })).status === 200;

    expect((await a.client.auth.signOut({ scope: 'local' })).error).toBeNull();
    expect([await works(a.session.access_token), await works(b.session.access_token), await works(c.session.access_token)]).toEqual([false, true, true]);

    expect((await b.client.auth.signOut({ scope: 'others' })).error).toBeNull();
    expect([await works(b.session.access_token), await works(c.session.access_token)]).toEqual([true, false]);
  });

  it('answers 204 and refuses an unknown scope', async () => {
    const { session } = await signedUpClient();
    expect(await api('/logout?scope=everything', { method: 'POST', token: session.access_token })).toMatchObject({
      status: 400,
      body: { code: 'validation_failed' },
    });
    expect((await api('/logout?scope=global', { method: 'POST', token: session.access_token })).status).toBe(204);
  });
});

describe('the signed-in user', () => {
  it('reads and merges user metadata; null removes a key', async () => {
    const { client, user } = await signedUpClient({ data: { display_name: 'Ada', theme: 'light' } });
    const updated = await client.auth.updateUser({ data: { theme: 'dark', display_name: null } });
    expect(updated.error).toBeNull();
    expect(updated.data.user?.user_metadata).toMatchObject({ theme: 'dark', email: user.email });
    expect(updated.data.user?.user_metadata).not.toHaveProperty('display_name');
    expect((await client.auth.getUser()).data.user?.user_metadata.theme).toBe('dark');
  });

  it('changes the password: the new one signs in, the old one no longer does, other sessions end', async () => {
    const { client, email } = await signedUpClient();
    const other = newClient();
    const otherSession = (await other.auth.signInWithPassword({ email, password: PASSWORD })).data.session!;

    expect((await client.auth.updateUser({ password: PASSWORD })).error).toMatchObject({ status: 422, code: 'same_password' });
    expect((await client.auth.updateUser({ password: 'short' })).error).toMatchObject({ status: 422, code: 'weak_password' });
    expect((await client.auth.updateUser({ password: 'a-new-password-2' })).error).toBeNull();

    expect((await newClient().auth.signInWithPassword({ email, password: PASSWORD })).error).toMatchObject({ code: 'invalid_credentials' });
    expect((await newClient().auth.signInWithPassword({ email, password: 'a-new-password-2' })).error).toBeNull();
    // The session that changed the password stays; every other one ends, as on Supabase.
    expect((await client.auth.getUser()).error).toBeNull();
    expect((await api('/user', { token: otherSession.access_token })).status).toBe(403);
  });

  it('records an email change as pending confirmation, as Supabase does', async () => {
    const { client, email } = await signedUpClient();
    const next = newEmail('next');
    const { data, error } = await client.auth.updateUser({ email: next });
    expect(error).toBeNull();
    expect(data.user).toMatchObject({ email, new_email: next });

    const taken = (await signedUpClient()).email;
    expect((await client.auth.updateUser({ email: taken })).error).toMatchObject({ status: 422, code: 'email_exists' });
  });

  it('refuses to let a user change their own app_metadata', async () => {
    const { client } = await signedUpClient();
    const { error } = await client.auth.updateUser({ data: {}, app_metadata: { role: 'admin' } } as never);
    expect(error).toMatchObject({ status: 403, code: 'not_admin' });
  });

  it('refuses requests without a valid bearer token', async () => {
    expect(await api('/user')).toMatchObject({ status: 403, body: { code: 'bad_jwt' } });
    const forged = (await signedUpClient()).session.access_token.replace(/.{4}$/, 'AAAA');
    expect(await api('/user', { token: forged })).toMatchObject({ status: 403, body: { code: 'bad_jwt' } });
  });
});

describe('admin API (service_role)', () => {
  it('creates, lists, reads, updates and deletes users', async () => {
    const auth = admin().auth.admin;
    const email = newEmail('admin-made');
    const created = await auth.createUser({
      email,
      password: PASSWORD,
      email_confirm: true,
      user_metadata: { display_name: 'Grace' },
      app_metadata: { plan: 'pro' },
    });
    expect(created.error).toBeNull();
    const user = created.data.user!;
    expect(user).toMatchObject({
      email,
      user_metadata: { display_name: 'Grace', email_verified: true },
      app_metadata: { provider: 'email', providers: ['email'], plan: 'pro' },
    });
    expect(user.email_confirmed_at).toBeTruthy();

    const signIn = await newClient().auth.signInWithPassword({ email, password: PASSWORD });
    expect(signIn.error).toBeNull();
    expect(signIn.data.user?.app_metadata.plan).toBe('pro');

    expect((await auth.createUser({ email, password: PASSWORD })).error).toMatchObject({ status: 422, code: 'email_exists' });

    const listed = await auth.listUsers({ page: 1, perPage: 2 });
    if (listed.error) throw listed.error;
    expect(listed.data.users).toHaveLength(2);
    expect(listed.data).toMatchObject({ aud: 'authenticated', lastPage: expect.any(Number) });
    const { rows } = await db.query(`select count(*)::int as n from auth.users where aud = 'authenticated' and instance_id = '00000000-0000-0000-0000-000000000000'`);
    expect(listed.data.total).toBe(rows[0].n);
    // Newest first.
    const [newer, older] = listed.data.users.map((listedUser) => Date.parse(listedUser.created_at));
    expect(newer).toBeGreaterThanOrEqual(older);
    const everyone = await auth.listUsers({ page: 1, perPage: listed.data.total });
    expect(everyone.data.users.map((listedUser) => listedUser.id)).toContain(user.id);

    expect((await auth.getUserById(user.id)).data.user?.email).toBe(email);

    const updated = await auth.updateUserById(user.id, {
      password: 'admin-set-password-3',
      user_metadata: { display_name: 'Grace H.' },
      app_metadata: { plan: null },
    });
    expect(updated.error).toBeNull();
    expect(updated.data.user?.user_metadata.display_name).toBe('Grace H.');
    expect(updated.data.user?.app_metadata).not.toHaveProperty('plan');
    // A password set by an admin ends the user's sessions and replaces the old password.
    expect((await api('/user', { token: signIn.data.session!.access_token })).status).toBe(403);
    expect((await newClient().auth.signInWithPassword({ email, password: 'admin-set-password-3' })).error).toBeNull();

    expect((await auth.deleteUser(user.id)).error).toBeNull();
    expect((await auth.getUserById(user.id)).error).toMatchObject({ status: 404, code: 'user_not_found' });
    expect((await newClient().auth.signInWithPassword({ email, password: 'admin-set-password-3' })).error).toMatchObject({
      code: 'invalid_credentials',
    });
  });

  it('pages with X-Total-Count and Link headers like GoTrue', async () => {
    const response = await fetch(`${apiUrl}/auth/v1/admin/users?page=1&per_page=1`, {
      headers: { apikey: serviceRoleKey, Authorization: `Bearer ${serviceRoleKey}`, 'X-Forwarded-For': freshIp() },
    });
    expect(response.status).toBe(200);
    const total = Number(response.headers.get('x-total-count'));
    expect(total).toBeGreaterThan(1);
    expect(response.headers.get('link')).toBe(
      `</admin/users?page=2&per_page=1>; rel="next", </admin/users?page=${total}&per_page=1>; rel="last"`,
    );
  });

  it('refuses the anon key and users’ own tokens', async () => {
    const asAnon = await newClient().auth.admin.listUsers();
    expect(asAnon.error).toMatchObject({ status: 403, code: 'not_admin' });
    const { session } = await signedUpClient();
    expect(await api('/admin/users', { token: session.access_token })).toMatchObject({ status: 403, body: { code: 'not_admin' } });
    expect(await api(`/admin/users/${randomUUID()}`, { method: 'DELETE', token: session.access_token })).toMatchObject({
      status: 403,
      body: { code: 'not_admin' },
    });
  });

  it('answers 404 for a user that does not exist or an id that is not one', async () => {
    expect((await admin().auth.admin.getUserById(randomUUID())).error).toMatchObject({ status: 404, code: 'user_not_found' });
    expect(await api('/admin/users/not-a-uuid', { token: serviceRoleKey })).toMatchObject({ status: 404, body: { code: 'validation_failed' } });
  });
});

describe('rate limits', () => {
  it('stops a burst of sign-in attempts from one address with over_request_rate_limit, not others', async () => {
    const attacker = newClient(anonKey, throwawayIp());
    const outcomes: (string | undefined)[] = [];
    for (let attempt = 0; attempt < 40 && !outcomes.includes('over_request_rate_limit'); attempt++) {
      const { error } = await attacker.auth.signInWithPassword({ email: newEmail('nobody'), password: PASSWORD });
      outcomes.push(error?.code);
      if (error?.code === 'over_request_rate_limit') expect(error.status).toBe(429);
    }
    // Supabase's buckets let 30 requests through at once, then refill slowly.
    const allowed = outcomes.indexOf('over_request_rate_limit');
    expect(allowed).toBeGreaterThanOrEqual(30);
    expect(allowed).toBeLessThanOrEqual(32);

    const bystander = await newClient().auth.signInWithPassword({ email: newEmail('nobody'), password: PASSWORD });
    expect(bystander.error?.code).toBe('invalid_credentials');
  });

  it('counts sign-ups per address separately from sign-ins', async () => {
    const client = newClient(anonKey, throwawayIp());
    let firstLimited = -1;
    for (let attempt = 0; attempt < 40 && firstLimited < 0; attempt++) {
      const { error } = await client.auth.signUp({ email: newEmail(), password: 'weak' });
      if (error?.code === 'over_request_rate_limit') firstLimited = attempt;
      else expect(error?.code).toBe('weak_password');
    }
    expect(firstLimited).toBeGreaterThanOrEqual(30);
    // The same address may still sign in: that bucket is untouched.
    const { error } = await client.auth.signInWithPassword({ email: newEmail(), password: PASSWORD });
    expect(error?.code).toBe('invalid_credentials');
  });
});

describe('wire format', () => {
  it('answers errors in the shape the X-Supabase-Api-Version header asks for', async () => {
    const body = { email: newEmail(), password: PASSWORD };
    const current = await api('/token?grant_type=password', { method: 'POST', body });
    expect(current.body).toEqual({ code: 'invalid_credentials', message: 'Invalid login credentials' });
    expect(current.headers.get('x-supabase-api-version')).toBe('2024-01-01');

    const legacy = await api('/token?grant_type=password', { method: 'POST', body, apiVersion: null });
    expect(legacy.status).toBe(400);
    expect(legacy.body).toEqual({ code: 400, error_code: 'invalid_credentials', msg: 'Invalid login credentials' });
    expect(legacy.headers.get('x-supabase-api-version')).toBeNull();

    const weak = await api('/signup', { method: 'POST', body: { email: newEmail(), password: 'x' }, apiVersion: null });
    expect(weak.body).toMatchObject({ code: 422, error_code: 'weak_password', weak_password: { reasons: ['length'] } });
  });

  it('answers bad input with a 4xx, never a 500', async () => {
    expect(await api('/signup', { method: 'POST', rawBody: '{"email":' })).toMatchObject({ status: 400, body: { code: 'bad_json' } });
    expect(await api('/signup', { method: 'POST', body: { email: newEmail(), password: 12345678 } })).toMatchObject({
      status: 400,
      body: { code: 'bad_json' },
    });
    expect(await api('/signup', { method: 'POST', body: ['not', 'an', 'object'] })).toMatchObject({ status: 400, body: { code: 'bad_json' } });
    expect(await api('/token?grant_type=magic', { method: 'POST', body: {} })).toMatchObject({ status: 400 });
    expect(await api('/token?grant_type=password', { method: 'POST', body: {} })).toMatchObject({
      status: 400,
      body: { code: 'validation_failed' },
    });
    expect((await api('/signup', { method: 'POST', rawBody: JSON.stringify({ email: 'x'.repeat(2 << 20) }) })).status).toBe(413);
    expect((await api('/no-such-endpoint')).status).toBe(404);
  });

  it('serves health and settings', async () => {
    expect(await api('/health')).toMatchObject({ status: 200, body: { name: 'GoTrue' } });
    expect(await api('/settings')).toMatchObject({
      status: 200,
      body: { disable_signup: false, mailer_autoconfirm: true, external: { email: true, phone: false, google: false } },
    });
  });
});
