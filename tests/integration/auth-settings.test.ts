/**
 * The auth service under settings the shared stack does not run with (stricter passwords,
 * sign-ups off, confirmations on, rotation off) and with a controllable clock, so behaviour that
 * depends on config.toml or on elapsed time is proven without editing the project's config or
 * sleeping. Each test mounts its own handler, in this process, on the test stack's database, and
 * talks to it with an unmodified supabase-js client.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../scripts/stack/instance.ts';
import { createAuthHandler } from '../../scripts/stack/auth/server.ts';
import { DEFAULT_AUTH_SETTINGS, loadAuthSettings, type AuthSettings } from '../../scripts/stack/auth/settings.ts';
import { anonKey, dbUrl, jwtSecret, serviceRoleKey } from './support/stack.ts';

const PASSWORD = 'correct-horse-1';
const newEmail = () => `settings-${randomUUID()}@example.com`;

let pool: pg.Pool;
const servers: http.Server[] = [];

beforeAll(() => {
  // The service connects as GoTrue does on Supabase: as supabase_auth_admin, owner of auth.*.
  const url = new URL(dbUrl);
  url.username = 'supabase_auth_admin';
  url.password = 'postgres';
  pool = new pg.Pool({ connectionString: url.toString(), max: 4 });
});

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

afterAll(async () => {
  await pool?.end();
});

type Overrides = Partial<Omit<AuthSettings, 'rateLimit' | 'email' | 'sms'>> & {
  rateLimit?: Partial<AuthSettings['rateLimit']>;
  email?: Partial<AuthSettings['email']>;
};

/** Starts a handler with these settings; the returned clock can be moved forward. */
async function startAuth(overrides: Overrides = {}) {
  const settings: AuthSettings = {
    ...DEFAULT_AUTH_SETTINGS,
    ...overrides,
    rateLimit: { ...DEFAULT_AUTH_SETTINGS.rateLimit, ...overrides.rateLimit },
    email: { ...DEFAULT_AUTH_SETTINGS.email, ...overrides.email },
    sms: DEFAULT_AUTH_SETTINGS.sms,
  };
  let offsetMs = 0;
  const handler = createAuthHandler({
    pool,
    jwtSecret,
    settings,
    issuer: 'http://127.0.0.1/auth/v1',
    now: () => new Date(Date.now() + offsetMs),
  });
  const server = http.createServer((req, res) => {
    req.url = (req.url ?? '/').replace(/^\/auth\/v1/, '') || '/';
    handler(req, res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = (key = anonKey, ip = '192.0.2.1'): SupabaseClient =>
    createClient(url, key, {
      auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
      global: { headers: { 'X-Forwarded-For': ip } },
    });
  return { url, client, admin: () => client(serviceRoleKey), advance: (ms: number) => (offsetMs += ms) };
}

describe('loadAuthSettings', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'auth-settings-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  it("reads the project's supabase/config.toml", () => {
    const settings = loadAuthSettings(path.join(REPO_ROOT, 'supabase', 'config.toml'));
    expect(settings).toMatchObject({
      jwtExpiry: 3600,
      refreshTokenReuseInterval: 10,
      enableRefreshTokenRotation: true,
      enableSignup: true,
      minimumPasswordLength: 6,
      passwordRequirements: '',
      rateLimit: { signInSignUps: 30, tokenRefresh: 150 },
      email: { enableSignup: true, enableConfirmations: false },
    });
  });

  it('takes the CLI defaults for missing keys and never goes below a 6-character minimum', () => {
    expect(loadAuthSettings(write('empty.toml', ''))).toEqual(DEFAULT_AUTH_SETTINGS);
    const file = write('custom.toml', '[auth]\nminimum_password_length = 4\npassword_requirements = "letters_digits"\n[auth.rate_limit]\ntoken_refresh = 9\n');
    expect(loadAuthSettings(file)).toMatchObject({ minimumPasswordLength: 6, passwordRequirements: 'letters_digits', rateLimit: { tokenRefresh: 9, signInSignUps: 30 } });
  });

  it('refuses values the CLI would refuse, naming the key', () => {
    expect(() => loadAuthSettings(write('bad-req.toml', '[auth]\npassword_requirements = "strong"\n'))).toThrow(/password_requirements/);
    expect(() => loadAuthSettings(write('bad-type.toml', '[auth]\njwt_expiry = "1h"\n'))).toThrow(/jwt_expiry/);
    expect(() => loadAuthSettings(path.join(dir, 'missing.toml'))).toThrow(/missing\.toml/);
  });
});

describe('password rules from config.toml', () => {
  it('enforces minimum_password_length and password_requirements, giving every reason', async () => {
    const auth = await startAuth({ minimumPasswordLength: 10, passwordRequirements: 'lower_upper_letters_digits_symbols' });
    const weak = await auth.client().auth.signUp({ email: newEmail(), password: 'abc' });
    expect(weak.error).toMatchObject({ status: 422, code: 'weak_password', reasons: ['length', 'characters'] });
    expect(weak.error!.message).toContain('Password should be at least 10 characters.');
    expect(weak.error!.message).toContain('abcdefghijklmnopqrstuvwxyz, ABCDEFGHIJKLMNOPQRSTUVWXYZ, 0123456789');

    const noSymbol = await auth.client().auth.signUp({ email: newEmail(), password: 'Abcdefgh12' });
    expect(noSymbol.error).toMatchObject({ code: 'weak_password', reasons: ['characters'] });
    const strong = await auth.client().auth.signUp({ email: newEmail(), password: 'Abcdefg1!x' });
    expect(strong.error).toBeNull();
  });

  it('still signs in a password set before the rules were tightened, and says it is weak', async () => {
    const auth = await startAuth({ minimumPasswordLength: 20 });
    const email = newEmail();
    // The admin API does not apply the policy, as on Supabase.
    expect((await auth.admin().auth.admin.createUser({ email, password: PASSWORD, email_confirm: true })).error).toBeNull();
    const { data, error } = await auth.client().auth.signInWithPassword({ email, password: PASSWORD });
    expect(error).toBeNull();
    expect(data.session).not.toBeNull();
    expect(data.weakPassword).toMatchObject({ reasons: ['length'], message: 'Password should be at least 20 characters.' });
  });
});

describe('sign-up switches', () => {
  it('enable_signup = false refuses sign-ups but admins can still create users', async () => {
    const auth = await startAuth({ enableSignup: false });
    const { error } = await auth.client().auth.signUp({ email: newEmail(), password: PASSWORD });
    expect(error).toMatchObject({ status: 422, code: 'signup_disabled' });
    expect((await auth.admin().auth.admin.createUser({ email: newEmail(), password: PASSWORD })).error).toBeNull();
    const settings = (await (await fetch(`${auth.url}/auth/v1/settings`)).json()) as { disable_signup: boolean };
    expect(settings.disable_signup).toBe(true);
  });

  it('[auth.email] enable_signup = false turns off email sign-up and sign-in', async () => {
    const auth = await startAuth({ email: { enableSignup: false } });
    expect((await auth.client().auth.signUp({ email: newEmail(), password: PASSWORD })).error).toMatchObject({
      status: 400,
      code: 'email_provider_disabled',
    });
    expect((await auth.client().auth.signInWithPassword({ email: newEmail(), password: PASSWORD })).error).toMatchObject({
      status: 422,
      code: 'email_provider_disabled',
    });
  });

  it('enable_confirmations = true withholds the session until the address is confirmed', async () => {
    const auth = await startAuth({ email: { enableConfirmations: true } });
    const email = newEmail();
    const signedUp = await auth.client().auth.signUp({ email, password: PASSWORD });
    expect(signedUp.error).toBeNull();
    expect(signedUp.data.session).toBeNull();
    expect(signedUp.data.user).toMatchObject({ email, confirmation_sent_at: expect.any(String) });
    expect(signedUp.data.user?.email_confirmed_at).toBeUndefined();

    expect((await auth.client().auth.signInWithPassword({ email, password: PASSWORD })).error).toMatchObject({
      status: 400,
      code: 'email_not_confirmed',
    });
    // Signing up again does not reveal whether the address is taken.
    const again = await auth.client().auth.signUp({ email, password: PASSWORD });
    expect(again.error).toBeNull();
    expect(again.data.session).toBeNull();

    const confirmed = await auth.admin().auth.admin.updateUserById(signedUp.data.user!.id, { email_confirm: true });
    expect(confirmed.error).toBeNull();
    expect((await auth.client().auth.signInWithPassword({ email, password: PASSWORD })).error).toBeNull();
    const afterConfirm = await auth.client().auth.signUp({ email, password: PASSWORD });
    expect(afterConfirm.error).toBeNull();
    expect(afterConfirm.data.user?.id).not.toBe(signedUp.data.user!.id);
  });
});

describe('time-dependent behaviour', () => {
  async function threeGenerations(auth: Awaited<ReturnType<typeof startAuth>>) {
    const client = auth.client();
    const { data } = await client.auth.signUp({ email: newEmail(), password: PASSWORD });
    const first = data.session!;
    const second = (await client.auth.refreshSession({ refresh_token: first.refresh_token })).data.session!;
    const third = (await client.auth.refreshSession({ refresh_token: second.refresh_token })).data.session!;
    return { first, second, third };
  }

  it('counts refresh_token_reuse_interval from the revocation', async () => {
    const auth = await startAuth({ refreshTokenReuseInterval: 30 });
    const { first } = await threeGenerations(auth);
    auth.advance(29_000);
    expect((await auth.client().auth.refreshSession({ refresh_token: first.refresh_token })).error).toBeNull();

    const later = await threeGenerations(auth);
    auth.advance(31_000);
    expect((await auth.client().auth.refreshSession({ refresh_token: later.first.refresh_token })).error).toMatchObject({
      code: 'refresh_token_already_used',
    });
    expect((await auth.client().auth.refreshSession({ refresh_token: later.third.refresh_token })).error).toMatchObject({
      code: 'refresh_token_not_found',
    });
  });

  it('with rotation disabled, refuses the reused token but leaves the session alone', async () => {
    const auth = await startAuth({ enableRefreshTokenRotation: false });
    const { first, third } = await threeGenerations(auth);
    auth.advance(11_000);
    expect((await auth.client().auth.refreshSession({ refresh_token: first.refresh_token })).error).toMatchObject({
      code: 'refresh_token_already_used',
    });
    expect((await auth.client().auth.refreshSession({ refresh_token: third.refresh_token })).error).toBeNull();
  });

  it('expires access tokens after jwt_expiry', async () => {
    const auth = await startAuth({ jwtExpiry: 60 });
    const { data } = await auth.client().auth.signUp({ email: newEmail(), password: PASSWORD });
    const token = data.session!.access_token;
    expect((await auth.client().auth.getUser(token)).error).toBeNull();
    auth.advance(61_000);
    expect((await auth.client().auth.getUser(token)).error).toMatchObject({ status: 403, code: 'bad_jwt' });
  });

  it('refills a rate-limit bucket at token_refresh per five minutes after a burst of 30', async () => {
    const auth = await startAuth({ rateLimit: { tokenRefresh: 3 } });
    const client = auth.client(anonKey, '192.0.2.77');
    const attempt = async () => (await client.auth.signInWithPassword({ email: newEmail(), password: PASSWORD })).error?.code;
    for (let i = 0; i < 30; i++) expect(await attempt()).toBe('invalid_credentials');
    expect(await attempt()).toBe('over_request_rate_limit');
    // 3 per 5 minutes is one request every 100 seconds.
    auth.advance(100_000);
    expect(await attempt()).toBe('invalid_credentials');
    expect(await attempt()).toBe('over_request_rate_limit');
  });
});
