import assert from 'node:assert/strict';
import { bearerToken, callerFromRequest, decodeClaims } from './caller.ts';
import { HttpError } from './http.ts';

// JWT segments are base64url of UTF-8 JSON.
const encode = (value: unknown) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(value))))
    .replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const token = (claims: unknown) => `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}.signature`;
const withAuth = (value?: string) => new Request('http://x/whoami', { headers: value ? { Authorization: value } : {} });

Deno.test('a user token gives the user id, role, email, session and aal', () => {
  const caller = callerFromRequest(withAuth(`Bearer ${
    token({
      sub: '5d0b7f32-0c4a-4d6f-9a77-3c1c1f0e2a11',
      role: 'authenticated',
      email: 'ada@example.com',
      session_id: 'b3f1',
      aal: 'aal1',
      is_anonymous: false,
    })
  }`));
  assert.deepEqual(caller, {
    userId: '5d0b7f32-0c4a-4d6f-9a77-3c1c1f0e2a11',
    role: 'authenticated',
    email: 'ada@example.com',
    sessionId: 'b3f1',
    aal: 'aal1',
    isAnonymous: false,
  });
});

Deno.test('the anon key names a role but no user', () => {
  const caller = callerFromRequest(
    withAuth(`Bearer ${token({ iss: 'supabase-demo', role: 'anon', exp: 1983812996 })}`),
  );
  assert.equal(caller.userId, null);
  assert.equal(caller.role, 'anon');
});

Deno.test('claims survive base64url characters and non-ASCII text', () => {
  const claims = { sub: 'u', role: 'authenticated', user_metadata: { name: 'Zoë ~?>' } };
  assert.deepEqual(decodeClaims(token(claims)), claims);
});

Deno.test('a missing or malformed Authorization header is a 401 missing_authorization', () => {
  for (const header of [undefined, 'Basic abc', 'Bearer', 'Bearer a b']) {
    assert.throws(
      () => bearerToken(withAuth(header)),
      (e: unknown) => e instanceof HttpError && e.status === 401 && e.code === 'missing_authorization',
    );
  }
});

Deno.test('something that is not a JWT, or has no role, is a 401 invalid_jwt', () => {
  for (const bad of ['not-a-jwt', 'a.b.c', `x.${encode([1, 2])}.y`, token({ sub: 'u' })]) {
    assert.throws(
      () => callerFromRequest(withAuth(`Bearer ${bad}`)),
      (e: unknown) => e instanceof HttpError && e.code === 'invalid_jwt',
    );
  }
});
