import assert from 'node:assert/strict';
import { handle } from '../http.ts';
import { fromByteaHex } from '../lockbox/bytea.ts';
import { decryptSecret } from '../lockbox/crypto.ts';
import { ALICE, BOB, connection, FakeWorld, OPENAI_KIND, post } from '../../_test/fake-world.ts';
import { createLockboxHandler } from './lockbox-handler.ts';

const KEY = 'sk-live-0123456789abcdefWXYZ';

function setup() {
  const world = new FakeWorld();
  const mine = world.add(connection(ALICE, OPENAI_KIND));
  const theirs = world.add(connection(BOB, OPENAI_KIND));
  return { world, mine, theirs, lockbox: handle(createLockboxHandler(world.deps())) };
}

Deno.test('lockbox set: stores only ciphertext bound to owner and connection, answers the hint', async () => {
  const { world, mine, lockbox } = setup();
  const response = await lockbox(post(ALICE, { action: 'set', connection_id: mine.id, api_key: `  ${KEY}\n` }));
  assert.equal(response.status, 200);
  const body = await response.json();
  assert.equal(body.connection_id, mine.id);
  assert.equal(body.hint, 'WXYZ');
  assert.equal(body.key_version, 1);
  assert.ok(!JSON.stringify(body).includes(KEY));

  const stored = world.secrets.get(`${ALICE}:${mine.id}`)!;
  assert.match(stored.ciphertext, /^\\x[0-9a-f]+$/);
  assert.equal(fromByteaHex(stored.iv).length, 12);
  assert.ok(!JSON.stringify(stored).includes(KEY.slice(3, 12)), 'no plaintext in the stored row');
  const sealed = {
    ciphertext: fromByteaHex(stored.ciphertext),
    iv: fromByteaHex(stored.iv),
    keyVersion: stored.key_version,
  };
  const keyring = await world.keyring;
  assert.equal(await decryptSecret(keyring, sealed, { ownerId: ALICE, connectionId: mine.id }), KEY, 'trimmed');
  await assert.rejects(decryptSecret(keyring, sealed, { ownerId: BOB, connectionId: mine.id }));
  assert.ok(!world.logs.join('\n').includes(KEY));
});

Deno.test('lockbox set twice replaces the key with a fresh IV; delete removes it (and is fine without one)', async () => {
  const { world, mine, lockbox } = setup();
  await lockbox(post(ALICE, { action: 'set', connection_id: mine.id, api_key: KEY }));
  const first = world.secrets.get(`${ALICE}:${mine.id}`)!.iv;
  const again = await lockbox(post(ALICE, { action: 'set', connection_id: mine.id, api_key: 'sk-second-key-9876' }));
  assert.equal((await again.json()).hint, '9876');
  assert.notEqual(world.secrets.get(`${ALICE}:${mine.id}`)!.iv, first);

  for (let i = 0; i < 2; i++) {
    const removed = await lockbox(post(ALICE, { action: 'delete', connection_id: mine.id }));
    assert.equal(removed.status, 200);
    assert.deepEqual(await removed.json(), { connection_id: mine.id, deleted: true });
  }
  assert.equal(world.secrets.size, 0);
});

Deno.test('lockbox: another user cannot set or delete my key (404, nothing changes)', async () => {
  const { world, mine, lockbox } = setup();
  await lockbox(post(ALICE, { action: 'set', connection_id: mine.id, api_key: KEY }));
  const before = JSON.stringify([...world.secrets]);
  for (
    const body of [{ action: 'set', connection_id: mine.id, api_key: 'sk-evil-1234' }, {
      action: 'delete',
      connection_id: mine.id,
    }]
  ) {
    const response = await lockbox(post(BOB, body));
    assert.equal(response.status, 404);
    assert.equal((await response.json()).error.code, 'not_found');
  }
  assert.equal(JSON.stringify([...world.secrets]), before);
});

Deno.test('lockbox without a master key answers 503 lockbox_unavailable with the fix', async () => {
  const world = new FakeWorld().withoutKeyring();
  const mine = world.add(connection(ALICE, OPENAI_KIND));
  const response = await handle(createLockboxHandler(world.deps()))(
    post(ALICE, { action: 'set', connection_id: mine.id, api_key: KEY }),
  );
  assert.equal(response.status, 503);
  const { error } = await response.json();
  assert.equal(error.code, 'lockbox_unavailable');
  assert.match(error.message, /LOCKBOX_KEYS/);
  assert.equal(world.secrets.size, 0);
});

Deno.test('lockbox: bad input is a 400 invalid_request naming the field, never a 500', async () => {
  const { mine, lockbox } = setup();
  const cases: Array<[unknown, RegExp, string?]> = [
    [null, /JSON object/],
    [[1, 2], /JSON object/],
    [{}, /action must be "set" or "delete"/],
    [{ action: 'rotate', connection_id: mine.id }, /action must be "set" or "delete"/],
    [{ action: 'set', connection_id: 'not-a-uuid', api_key: KEY }, /connection_id must be a connection id/],
    [{ action: 'set', connection_id: mine.id }, /api_key must be a string/],
    [{ action: 'set', connection_id: mine.id, api_key: 42 }, /api_key must be a string/],
    [{ action: 'set', connection_id: mine.id, api_key: '   ' }, /api_key is empty/],
    [{ action: 'set', connection_id: mine.id, api_key: 'x'.repeat(4097) }, /longer than 4096/],
    [{ action: 'set', connection_id: mine.id, api_key: 'sk-abc\ndef' }, /control character/],
    [{ action: 'set', connection_id: mine.id, api_key: 'sk-abc\u0000def' }, /^api_key contains a /],
    [{ action: 'set', connection_id: mine.id, api_key: 'sk-abcdef\ud800' }, /^api_key contains a character that is not plain ASCII/],
    [{ action: 'set', connection_id: mine.id, api_key: 'sk-ключ-1234' }, /^api_key contains a character that is not plain ASCII/],
    [{ action: 'set', connection_id: mine.id, api_key: 'sk-\u00e9t\u00e9-1234' }, /^api_key contains a character that is not plain ASCII/],
    [{ action: 'delete', connection_id: mine.id, api_key: KEY }, /Unknown field "api_key"/],
    [{ action: 'delete', connectionId: mine.id }, /connection_id|connectionId/],
    [undefined, /not valid JSON/, '{"action": "set",'],
  ];
  for (const [body, message, raw] of cases) {
    const response = await lockbox(post(ALICE, body, raw ? { raw } : {}));
    assert.equal(response.status, 400, `${JSON.stringify(body ?? raw)} -> ${response.status}`);
    const json = await response.json();
    assert.equal(json.error.code, 'invalid_request');
    assert.match(json.error.message, message, JSON.stringify(body ?? raw));
    assert.match(json.error.message, /[.!?]$/, 'a sentence');
  }
  const huge = await lockbox(post(ALICE, null, { raw: JSON.stringify({ action: 'set', pad: 'x'.repeat(70_000) }) }));
  assert.equal(huge.status, 413);
  assert.equal((await huge.json()).error.code, 'payload_too_large');
});

Deno.test('lockbox: wrong method 405, no user 401, over the limit 429 with Retry-After', async () => {
  const { world, mine, lockbox } = setup();
  const get = await lockbox(new Request('http://functions.local/fn', { method: 'GET' }));
  assert.equal(get.status, 405);

  const anonymous = await lockbox(post(null, { action: 'delete', connection_id: mine.id }, { role: 'anon' }));
  assert.equal(anonymous.status, 401);
  assert.equal((await anonymous.json()).error.code, 'unauthorized');
  const noHeader = await lockbox(post(null, { action: 'delete', connection_id: mine.id }));
  assert.equal(noHeader.status, 401);

  world.rateLimit = (_user, bucket) => {
    assert.equal(bucket, 'lockbox');
    return { allowed: false, retryAfterSeconds: 42 };
  };
  const limited = await lockbox(post(ALICE, { action: 'delete', connection_id: mine.id }));
  assert.equal(limited.status, 429);
  assert.equal(limited.headers.get('retry-after'), '42');
  assert.equal(limited.headers.get('access-control-expose-headers'), 'Retry-After');
  assert.deepEqual(await limited.json(), {
    error: { code: 'rate_limited', message: 'Too many requests. Try again in 42 seconds.' },
  });
});
