/**
 * Edge Functions on the local stack: verify_jwt as the edge runtime enforces it, the environment
 * Supabase injects, routing, and one broken function not taking the others down.
 */
import { SignJWT } from 'jose';
import { FunctionsHttpError } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  anonKey,
  apiUrl,
  createClientAs,
  createTestUser,
  dbUrl,
  functionsUrl,
  jwtSecret,
  serviceRoleKey,
  type TestUser,
} from './support/stack.ts';

let user: TestUser;

beforeAll(async () => {
  user = await createTestUser();
});

afterAll(async () => {
  await createClientAs(serviceRoleKey).auth.admin.deleteUser(user.user.id);
});

describe('whoami (verify_jwt = true)', () => {
  it('tells a signed-in user their id and role (supabase-js functions.invoke)', async () => {
    const { data, error } = await user.client.functions.invoke('whoami');
    expect(error).toBeNull();
    expect(data).toMatchObject({ user_id: user.user.id, role: 'authenticated', email: user.email, session_id: expect.any(String) });
  });

  it('answers the anon key with role anon and no user', async () => {
    const { data, error } = await createClientAs(anonKey).functions.invoke('whoami');
    expect(error).toBeNull();
    expect(data).toMatchObject({ user_id: null, role: 'anon' });
  });

  it('refuses a request without a JWT: 401 "Missing authorization header"', async () => {
    // The apikey as a query parameter passes the gateway but is not a bearer token.
    const response = await fetch(`${functionsUrl}/whoami?apikey=${anonKey}`);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ msg: 'Error: Missing authorization header' });
  });

  it('refuses a forged, expired or malformed token: 401 "Invalid JWT"', async () => {
    const key = (secret: string) => new TextEncoder().encode(secret);
    const forged = await new SignJWT({ sub: user.user.id, role: 'authenticated' }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('1h').sign(key('an-attacker-secret-that-is-long-enough-32'));
    const expired = await new SignJWT({ sub: user.user.id, role: 'authenticated' }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime(Math.floor(Date.now() / 1000) - 120).sign(key(jwtSecret));
    for (const token of [forged, expired, 'not.a.jwt']) {
      const response = await fetch(`${functionsUrl}/whoami`, { headers: { apikey: anonKey, Authorization: `Bearer ${token}` } });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ msg: 'Invalid JWT' });
    }
    const basic = await fetch(`${functionsUrl}/whoami`, { headers: { apikey: anonKey, Authorization: 'Basic dXNlcjpwYXNz' } });
    expect(basic.status).toBe(401);
    expect(await basic.json()).toEqual({ msg: "Error: Auth header is not 'Bearer {token}'" });
  });

  it('surfaces the 401 to supabase-js as a FunctionsHttpError', async () => {
    const client = createClientAs(anonKey, { accessToken: 'not.a.jwt' });
    const { data, error } = await client.functions.invoke('whoami');
    expect(data).toBeNull();
    expect(error).toBeInstanceOf(FunctionsHttpError);
    expect((error as FunctionsHttpError).context.status).toBe(401);
  });

  it('lets the function answer its own CORS preflight, without a token (as on a hosted project)', async () => {
    const response = await fetch(`${functionsUrl}/whoami`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:5173', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization, apikey, content-type, x-client-info' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-headers')).toContain('x-client-info');
  });
});

describe('the functions host', () => {
  it('injects the Supabase environment and the .env secrets, and nothing of the host', async () => {
    const response = await fetch(`${functionsUrl}/env-test`, { headers: { apikey: anonKey } });
    expect(response.status).toBe(200);
    const { env } = await response.json();
    // Deno points PATH at its own Node-compat shims when it has none; the host's PATH never gets in.
    const { PATH, ...rest } = env;
    expect(PATH ?? '').not.toContain('/usr/bin');
    expect(rest).toEqual({
      // The .env's SUPABASE_URL is ignored: the name is reserved.
      SUPABASE_URL: apiUrl,
      SUPABASE_ANON_KEY: anonKey,
      SUPABASE_SERVICE_ROLE_KEY: serviceRoleKey,
      SUPABASE_DB_URL: dbUrl,
      SWITCHBOARD_ALLOW_PRIVATE_ENDPOINTS: 'true',
      FIXTURE_SECRET: 'from the fixture .env',
      SWITCHBOARD_FUNCTIONS_PORT: null,
      SWITCHBOARD_STACK_DIR: null,
      HOME: null,
    });
  });

  it('routes /functions/v1/<name>/<rest> to the function with the path it would see on Supabase', async () => {
    const response = await fetch(`${functionsUrl}/stream-test/deeper/path?chunks=1`, { headers: { apikey: anonKey } });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-path')).toBe('/stream-test/deeper/path');
    await response.text();
  });

  it('answers an unknown function with 404, as the edge runtime does', async () => {
    const response = await fetch(`${functionsUrl}/no-such-function`, { headers: { apikey: anonKey } });
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('Function not found');
  });

  it('answers for a function that fails to import with BOOT_ERROR and the reason, and keeps serving the others', async () => {
    const broken = await fetch(`${functionsUrl}/broken-test`, { headers: { apikey: anonKey } });
    expect(broken.status).toBe(503);
    const body = await broken.json();
    expect(body).toMatchObject({ code: 'BOOT_ERROR', message: 'Worker failed to boot (please check logs)' });
    expect(body.detail).toContain('fails to import on purpose');

    const whoami = await fetch(`${functionsUrl}/whoami`, { headers: { apikey: anonKey } });
    expect(whoami.status).toBe(200);
  });
});
