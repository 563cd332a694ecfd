import assert from 'node:assert/strict';
import { decodeBase64, loadKeyring, LockboxConfigError, parseKeyList, parseKeyringEnv } from './keyring.ts';
import { decryptSecret, encryptSecret } from './crypto.ts';

function b64(fill: number, length = 32): string {
  return btoa(String.fromCharCode(...new Uint8Array(length).fill(fill)));
}

const env = (vars: Record<string, string>) => (name: string) => vars[name];

function configError(fn: () => unknown): LockboxConfigError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof LockboxConfigError, String(error));
    return error;
  }
  assert.fail('expected a LockboxConfigError');
}

Deno.test('LOCKBOX_KEYS: several versions, newest first, whitespace tolerated', () => {
  const keys = parseKeyringEnv(env({ LOCKBOX_KEYS: ` 1:${b64(1)} , 3:${b64(3)},2:${b64(2)} ` }));
  assert.deepEqual(keys.map((k) => k.version), [3, 2, 1]);
  assert.equal(keys[0].bytes[0], 3);
});

Deno.test('LOCKBOX_MASTER_KEY alone is version 1; next to LOCKBOX_KEYS it adds version 1', () => {
  assert.deepEqual(parseKeyringEnv(env({ LOCKBOX_MASTER_KEY: b64(5) })).map((k) => k.version), [1]);
  const both = parseKeyringEnv(env({ LOCKBOX_MASTER_KEY: b64(5), LOCKBOX_KEYS: `2:${b64(6)}` }));
  assert.deepEqual(both.map((k) => [k.version, k.bytes[0]]), [[2, 6], [1, 5]]);
  // The same key given both ways is fine; different keys for version 1 are a configuration error.
  assert.equal(parseKeyringEnv(env({ LOCKBOX_MASTER_KEY: b64(5), LOCKBOX_KEYS: `1:${b64(5)}` })).length, 1);
  const clash = configError(() => parseKeyringEnv(env({ LOCKBOX_MASTER_KEY: b64(5), LOCKBOX_KEYS: `1:${b64(6)}` })));
  assert.match(clash.message, /differ/);
});

Deno.test('a missing secret explains how to create one', () => {
  const error = configError(() => parseKeyringEnv(env({})));
  assert.match(error.message, /^LOCKBOX_KEYS is not set/);
  assert.match(error.message, /openssl rand -base64 32/);
  assert.match(error.message, /supabase secrets set LOCKBOX_KEYS=/);
});

Deno.test('malformed key lists are refused with a reason and without echoing the key', () => {
  const secretLooking = b64(9, 31);
  const cases: Array<[string, RegExp]> = [
    ['', /empty/],
    [' , ', /empty/],
    [b64(1), /no version/],
    [`0:${b64(1)}`, /positive whole number/],
    [`v1:${b64(1)}`, /positive whole number/],
    [`1:${b64(1)},1:${b64(2)}`, /appears twice/],
    [`1:not base64!!`, /not valid base64/],
    [`1:${secretLooking}`, /31 bytes; AES-256 needs exactly 32/],
    [`1:${b64(1, 64)}`, /64 bytes/],
  ];
  for (const [value, pattern] of cases) {
    const error = configError(() => parseKeyList(value));
    assert.match(error.message, pattern, value);
    if (value.length > 10) assert.ok(!error.message.includes(value.slice(2, 20)), 'no key material in the message');
  }
  assert.match(configError(() => parseKeyringEnv(env({ LOCKBOX_MASTER_KEY: 'short' }))).message, /LOCKBOX_MASTER_KEY/);
});

Deno.test('decodeBase64 accepts standard and URL-safe, padded or not', () => {
  const bytes = new Uint8Array([251, 255, 190, 0, 1]);
  const standard = btoa(String.fromCharCode(...bytes));
  assert.deepEqual(decodeBase64(standard), bytes);
  assert.deepEqual(decodeBase64(standard.replace(/=+$/, '')), bytes);
  assert.deepEqual(decodeBase64(standard.replace(/\+/g, '-').replace(/\//g, '_')), bytes);
  assert.equal(decodeBase64('a'), null);
  assert.equal(decodeBase64('ab$d'), null);
});

Deno.test('loadKeyring imports the keys; the newest encrypts', async () => {
  const keyring = await loadKeyring(env({ LOCKBOX_KEYS: `1:${b64(1)},2:${b64(2)}` }));
  assert.equal(keyring.current.version, 2);
  assert.deepEqual([...keyring.byVersion.keys()].sort(), [1, 2]);
  assert.equal(keyring.current.key.extractable, false, 'keys cannot be exported from the process');
  const binding = { ownerId: 'owner-1', connectionId: 'conn-1' };
  const sealed = await encryptSecret(keyring, 'secret', binding);
  assert.equal(sealed.keyVersion, 2);
  assert.equal(await decryptSecret(keyring, sealed, binding), 'secret');
});
