import assert from 'node:assert/strict';
import { z } from 'npm:zod@4.6.7';
import { handle, HttpError } from '../http.ts';
import { toByteaHex } from '../lockbox/bytea.ts';
import { encryptSecret } from '../lockbox/crypto.ts';
import { ALICE, connection, FakeWorld, OLLAMA_KIND, OPENAI_KIND, post, testKeyring } from '../../_test/fake-world.ts';
import { isKeyProblem, keyForConnection, openSecrets } from './keys.ts';
import { ndjsonLine, wantsNdjson } from './ndjson.ts';
import { databaseRateLimitGate } from './rate-limit-gate.ts';
import { describeIssue, readBody, requireUser } from './request.ts';
import { startKeyring } from './runtime.ts';
import { createServerConfigHandler } from '../handlers/server-config-handler.ts';

const silent = { info: () => {}, warn: () => {}, error: () => {} };

Deno.test("key resolution: lockbox key first, then the kind's server secret, then none", async () => {
  const world = new FakeWorld();
  const cloud = world.add(connection(ALICE, OPENAI_KIND));
  const local = world.add(connection(ALICE, OLLAMA_KIND));
  const env = (name: string) => (name === 'OPENAI_API_KEY' ? ' sk-server ' : undefined);

  let opened = await openSecrets(world.deps(), ALICE, [cloud.id, local.id]);
  assert.deepEqual(keyForConnection(cloud, opened.get(cloud.id), env), {
    key: 'sk-server',
    source: 'server',
    envName: 'OPENAI_API_KEY',
  });
  assert.deepEqual(keyForConnection(local, opened.get(local.id), env), { key: null, source: 'none' });

  const keyring = await world.keyring;
  for (const c of [cloud, local]) {
    const sealed = await encryptSecret(keyring, `sk-user-${c.kind}`, { ownerId: ALICE, connectionId: c.id });
    world.secrets.set(`${ALICE}:${c.id}`, {
      owner_id: ALICE,
      connection_id: c.id,
      ciphertext: toByteaHex(sealed.ciphertext),
      iv: toByteaHex(sealed.iv),
      key_version: sealed.keyVersion,
      hint: null,
      updated_at: '',
    });
  }
  opened = await openSecrets(world.deps(), ALICE, [cloud.id, local.id]);
  assert.deepEqual(keyForConnection(cloud, opened.get(cloud.id), env), { key: 'sk-user-openai', source: 'user' });
  assert.deepEqual(keyForConnection(local, opened.get(local.id), env), { key: 'sk-user-ollama', source: 'user' });
});

Deno.test('stored keys that cannot be used are problems, not errors; no stored key needs no keyring', async () => {
  const world = new FakeWorld();
  const c = world.add(connection(ALICE, OPENAI_KIND));
  const other = world.add(connection(ALICE, OPENAI_KIND));
  const keyring = await world.keyring;
  // A ciphertext copied from another connection's row fails authentication.
  const sealed = await encryptSecret(keyring, 'sk-copied', { ownerId: ALICE, connectionId: other.id });
  world.secrets.set(`${ALICE}:${c.id}`, {
    owner_id: ALICE,
    connection_id: c.id,
    ciphertext: toByteaHex(sealed.ciphertext),
    iv: toByteaHex(sealed.iv),
    key_version: 1,
    hint: null,
    updated_at: '',
  });
  const opened = await openSecrets(world.deps(), ALICE, [c.id]);
  const key = keyForConnection(c, opened.get(c.id), () => 'sk-server');
  assert.ok(isKeyProblem(key));
  assert.equal(key.code, 'key_unreadable', 'never silently falls back to the server key');
  assert.ok(world.logs.some((line) => line.includes(c.id) && line.includes('decrypt_failed')));
  assert.ok(!world.logs.join().includes('sk-copied'));

  world.withoutKeyring();
  const noKeyring = await openSecrets(world.deps(), ALICE, [c.id]);
  assert.equal((noKeyring.get(c.id) as { problem: { code: string } }).problem.code, 'lockbox_unavailable');
  assert.equal(
    (await openSecrets(world.deps(), ALICE, [other.id])).size,
    0,
    'no stored key: the keyring is not needed',
  );
});

Deno.test('the rate-limit gate uses the database counter and falls back to memory when it fails', async () => {
  const calls: unknown[] = [];
  const gate = databaseRateLimitGate((args) => {
    calls.push(args);
    return Promise.resolve({ allowed: calls.length <= 2, retry_after_seconds: calls.length <= 2 ? 0 : 17 });
  }, { log: silent });
  const limit = { max: 2, windowSeconds: 60 };
  assert.deepEqual(await gate.consume(ALICE, 'health', limit), { allowed: true });
  assert.deepEqual(await gate.consume(ALICE, 'health', limit), { allowed: true });
  assert.deepEqual(await gate.consume(ALICE, 'health', limit), { allowed: false, retryAfterSeconds: 17 });
  assert.deepEqual(calls[0], { user_id: ALICE, bucket: 'health', max_requests: 2, window_seconds: 60 });

  const warnings: string[] = [];
  let clock = 0;
  const broken = databaseRateLimitGate(() => Promise.reject(new Error('connection refused')), {
    log: { ...silent, warn: (m) => warnings.push(m) },
    now: () => clock,
  });
  assert.deepEqual(await broken.consume(ALICE, 'discovery', limit), { allowed: true });
  assert.deepEqual(await broken.consume(ALICE, 'discovery', limit), { allowed: true });
  const refused = await broken.consume(ALICE, 'discovery', limit);
  assert.equal(refused.allowed, false);
  assert.equal((refused as { retryAfterSeconds: number }).retryAfterSeconds, 30, 'one token per 30 s');
  assert.deepEqual(await broken.consume(ALICE, 'lockbox', limit), { allowed: true }, 'buckets are separate');
  assert.equal(warnings.length, 1, 'warned once, not per request');
  clock = 30_000;
  assert.deepEqual(await broken.consume(ALICE, 'discovery', limit), { allowed: true });
});

Deno.test('requireUser: a user token passes; anon, service_role and garbage are 401 unauthorized', () => {
  assert.equal(requireUser(post(ALICE, {})).userId, ALICE);
  for (const request of [post(null, {}, { role: 'anon' }), post(null, {}, { role: 'service_role' }), post(null, {})]) {
    assert.throws(
      () => requireUser(request),
      (e: unknown) => e instanceof HttpError && e.status === 401 && e.code === 'unauthorized',
    );
  }
  const garbage = new Request('http://x', { headers: { Authorization: 'Bearer not-a-jwt' } });
  assert.throws(() => requireUser(garbage), (e: unknown) => e instanceof HttpError && e.code === 'unauthorized');
});

Deno.test('readBody: empty is {}, and issues read as sentences naming the field', async () => {
  const schema = z.strictObject({ ids: z.array(z.guid()).optional(), n: z.int().optional() });
  assert.deepEqual(await readBody(new Request('http://x', { method: 'POST' }), schema), {});
  assert.deepEqual(await readBody(new Request('http://x', { method: 'POST', body: '  ' }), schema), {});
  const issue = (value: unknown) => describeIssue(schema.safeParse(value).error!.issues[0]);
  assert.equal(issue({ ids: ['nope'] }), 'ids[0]: Invalid GUID.');
  assert.equal(issue({ n: 'x' }), 'n: Invalid input: expected number, received string.');
  assert.equal(issue({ extra: 1, more: 2 }), 'Unknown fields "extra", "more"; check the spelling.');
  assert.equal(issue('text'), 'The request body must be a JSON object.');
  await assert.rejects(
    readBody(new Request('http://x', { method: 'POST', body: 'x'.repeat(70_000) }), schema),
    (e: unknown) => e instanceof HttpError && e.status === 413,
  );
});

Deno.test('readBody refuses NUL and lone surrogates anywhere in the body, naming the field', async () => {
  const schema = z.strictObject({
    name: z.string().optional(),
    tags: z.array(z.string()).optional(),
    options: z.strictObject({ note: z.string() }).optional(),
    key: z.string().transform((value) => value.trim()).optional(),
  });
  const read = (body: unknown) => readBody(new Request('http://x', { method: 'POST', body: JSON.stringify(body) }), schema);
  for (const [body, message] of [
    [{ name: 'a\u0000b' }, /^name contains a NUL character \(\\u0000\), which cannot be stored\. Remove it and send the text again\.$/],
    [{ tags: ['ok', '\ud800'] }, /^tags\[1\] contains a broken Unicode character \(a lone UTF-16 surrogate\)/],
    [{ options: { note: 'x\udfff' } }, /^options\.note contains a broken Unicode character/],
    [{ key: ' \udc00 ' }, /^key contains a broken Unicode character/],
  ] as const) {
    await assert.rejects(read(body), (e: unknown) => {
      assert.ok(e instanceof HttpError);
      assert.deepEqual([e.status, e.code], [400, 'invalid_request']);
      assert.match(e.message, message);
      return true;
    }, JSON.stringify(body));
  }
  // Escapes in the raw JSON are the same characters.
  await assert.rejects(
    readBody(new Request('http://x', { method: 'POST', body: '{"name":"\\u0000"}' }), schema),
    (e: unknown) => e instanceof HttpError && e.status === 400 && /^name contains a NUL/.test(e.message),
  );
  // Emoji (proper pairs), other control characters and U+FFFD are ordinary text.
  assert.deepEqual(await read({ name: '😀 tab\t \uFFFD', tags: ['\u0001'] }), { name: '😀 tab\t \uFFFD', tags: ['\u0001'] });
});

Deno.test('NDJSON: asked for by Accept; one value per line even when strings hold newlines', () => {
  const request = (accept: string) => new Request('http://x', { headers: { Accept: accept } });
  assert.equal(wantsNdjson(request('application/x-ndjson')), true);
  assert.equal(wantsNdjson(request('application/json, application/x-ndjson;q=0.9')), true);
  assert.equal(wantsNdjson(request('application/json')), false);
  assert.equal(wantsNdjson(new Request('http://x')), false);
  const line = ndjsonLine({ message: 'two\nlines', n: 1 });
  assert.equal(line.split('\n').length, 2);
  assert.ok(line.endsWith('\n'));
  assert.deepEqual(JSON.parse(line), { message: 'two\nlines', n: 1 });
});

Deno.test('server-config tells which kinds have a server key (booleans only) and the settings', async () => {
  const world = new FakeWorld(testKeyring());
  world.env = { OPENAI_API_KEY: 'sk-secret-server-key', SWITCHBOARD_ALLOW_PRIVATE_ENDPOINTS: 'true' };
  const serverConfig = handle(createServerConfigHandler(world.deps()));
  const response = await serverConfig(
    new Request('http://x', {
      headers: { Authorization: post(ALICE, {}).headers.get('Authorization')! },
    }),
  );
  assert.equal(response.status, 200);
  const text = await response.text();
  assert.ok(!text.includes('sk-secret'));
  assert.deepEqual(JSON.parse(text), {
    server_keys: { openai: true, ollama: false },
    allow_private_endpoints: true,
    lockbox_available: false,
  });
  world.env.LOCKBOX_KEYS = `1:${btoa(String.fromCharCode(...new Uint8Array(32).fill(7)))}`;
  assert.equal((await (await serverConfig(post(ALICE, {}))).json()).lockbox_available, true);
  assert.equal((await serverConfig(post(null, {}, { role: 'anon' }))).status, 401);
});

Deno.test('startKeyring logs at startup why the lockbox refuses to work, and never a key', async () => {
  const lines: string[] = [];
  const log = {
    info: (m: string) => lines.push(`info ${m}`),
    warn: (m: string) => lines.push(`warn ${m}`),
    error: (m: string) => lines.push(`error ${m}`),
  };
  const missing = startKeyring('lockbox', () => undefined, log, { required: true });
  await assert.rejects(missing());
  await Promise.resolve();
  assert.match(
    lines.join('\n'),
    /^error \[lockbox\] refusing to store API keys: LOCKBOX_KEYS is not set.*503 lockbox_unavailable/s,
  );

  lines.length = 0;
  const secret = btoa(String.fromCharCode(...new Uint8Array(32).fill(3)));
  const ok = startKeyring('lockbox', (name) => (name === 'LOCKBOX_KEYS' ? `1:${secret}` : undefined), log, {
    required: true,
  });
  assert.equal((await ok()).current.version, 1);
  await Promise.resolve();
  assert.deepEqual(lines, ['info [lockbox] lockbox ready: master key version 1 encrypts, 1 version(s) can decrypt.']);

  lines.length = 0;
  const bad = startKeyring('health', (name) => (name === 'LOCKBOX_KEYS' ? `1:${secret.slice(4)}` : undefined), log, {
    required: false,
  });
  await assert.rejects(bad());
  await Promise.resolve();
  assert.equal(lines.length, 1);
  assert.match(lines[0], /^warn \[health\] no usable lockbox master key/);
  assert.ok(!lines[0].includes(secret.slice(4, 20)), 'the key is not echoed');
});
