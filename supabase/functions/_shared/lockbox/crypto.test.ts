import assert from 'node:assert/strict';
import {
  associatedData,
  decryptSecret,
  encryptSecret,
  IV_BYTES,
  keyHint,
  LockboxError,
  needsRotation,
  reencrypt,
  type SealedSecret,
  TAG_BYTES,
} from './crypto.ts';
import { importKeyring, type Keyring } from './keyring.ts';

const OWNER = '6f1c2b7e-8a44-4d55-9b1a-0c3e5f7a9b21';
const OTHER_OWNER = '0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a';
const CONNECTION = 'a3b4c5d6-e7f8-4a1b-8c2d-3e4f5a6b7c8d';
const OTHER_CONNECTION = 'b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e';
const binding = { ownerId: OWNER, connectionId: CONNECTION };
const SECRET = 'sk-proj-abcdefghijklmnopqrstuvwxyz0123456789';

function keyBytes(fill: number): Uint8Array<ArrayBuffer> {
  return new Uint8Array(32).fill(fill);
}

function ring(...versions: Array<[number, number]>): Promise<Keyring> {
  return importKeyring(versions.map(([version, fill]) => ({ version, bytes: keyBytes(fill) })));
}

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<LockboxError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof LockboxError, `expected LockboxError, got ${error}`);
    assert.equal(error.code, code);
    assert.ok(!error.message.includes(SECRET), 'errors never carry the plaintext');
    return error;
  }
  assert.fail(`expected ${code}`);
}

function flip(bytes: Uint8Array<ArrayBuffer>, index: number): Uint8Array<ArrayBuffer> {
  const copy = new Uint8Array(bytes);
  copy[index] ^= 0x01;
  return copy;
}

Deno.test('round trip: what is encrypted decrypts to the same text', async () => {
  const keyring = await ring([1, 7]);
  for (const secret of [SECRET, 'x', 'ключ-🔑-clé', ' spaces are kept ']) {
    const sealed = await encryptSecret(keyring, secret, binding);
    assert.equal(sealed.keyVersion, 1);
    assert.equal(sealed.iv.length, IV_BYTES);
    assert.equal(sealed.ciphertext.length, new TextEncoder().encode(secret).length + TAG_BYTES);
    assert.equal(await decryptSecret(keyring, sealed, binding), secret);
  }
});

Deno.test('the ciphertext does not contain the plaintext', async () => {
  const keyring = await ring([1, 7]);
  const sealed = await encryptSecret(keyring, SECRET, binding);
  const asText = new TextDecoder('latin1').decode(sealed.ciphertext);
  assert.ok(!asText.includes('abcdefghij'));
});

Deno.test('tampering with ciphertext, tag or IV fails', async () => {
  const keyring = await ring([1, 7]);
  const sealed = await encryptSecret(keyring, SECRET, binding);
  const last = sealed.ciphertext.length - 1;
  const tampered: SealedSecret[] = [
    { ...sealed, ciphertext: flip(sealed.ciphertext, 0) }, // ciphertext body
    { ...sealed, ciphertext: flip(sealed.ciphertext, last) }, // GCM tag (last 16 bytes)
    { ...sealed, ciphertext: sealed.ciphertext.slice(0, last) }, // truncated tag
    { ...sealed, iv: flip(sealed.iv, 5) },
    { ...sealed, iv: sealed.iv.slice(0, 8) },
  ];
  for (const variant of tampered) await rejectsWith(decryptSecret(keyring, variant, binding), 'decrypt_failed');
});

Deno.test('a ciphertext copied to another owner or another connection fails', async () => {
  const keyring = await ring([1, 7]);
  const sealed = await encryptSecret(keyring, SECRET, binding);
  await rejectsWith(
    decryptSecret(keyring, sealed, { ownerId: OTHER_OWNER, connectionId: CONNECTION }),
    'decrypt_failed',
  );
  await rejectsWith(
    decryptSecret(keyring, sealed, { ownerId: OWNER, connectionId: OTHER_CONNECTION }),
    'decrypt_failed',
  );
  // Swapping the two ids is another row too.
  await rejectsWith(decryptSecret(keyring, sealed, { ownerId: CONNECTION, connectionId: OWNER }), 'decrypt_failed');
  // Ids compare case-insensitively (uuids), so the same row in upper case still decrypts.
  assert.equal(
    await decryptSecret(keyring, sealed, { ownerId: OWNER.toUpperCase(), connectionId: CONNECTION.toUpperCase() }),
    SECRET,
  );
});

Deno.test('associated data names the row and refuses ambiguous ids', () => {
  assert.equal(
    new TextDecoder().decode(associatedData(binding)),
    `switchboard:lockbox:v1:${OWNER}:${CONNECTION}`,
  );
  assert.throws(() => associatedData({ ownerId: 'a:b', connectionId: CONNECTION }), LockboxError);
  assert.throws(() => associatedData({ ownerId: '', connectionId: CONNECTION }), LockboxError);
});

Deno.test('an unknown key version fails with a message naming it', async () => {
  const old = await ring([1, 7]);
  const sealed = await encryptSecret(old, SECRET, binding);
  const rotatedAway = await ring([2, 9]);
  const error = await rejectsWith(decryptSecret(rotatedAway, sealed, binding), 'unknown_key_version');
  assert.match(error.message, /version 1/);
  assert.match(error.message, /configured: 2/);
});

Deno.test('a wrong key under the right version number fails', async () => {
  const sealed = await encryptSecret(await ring([1, 7]), SECRET, binding);
  await rejectsWith(decryptSecret(await ring([1, 8]), sealed, binding), 'decrypt_failed');
});

Deno.test('rotation: new writes use the newest key, old versions still decrypt, reencrypt moves them', async () => {
  const v1Only = await ring([1, 7]);
  const old = await encryptSecret(v1Only, SECRET, binding);

  const rotated = await ring([1, 7], [2, 9]);
  assert.equal(rotated.current.version, 2);
  assert.equal(needsRotation(rotated, old), true);
  assert.equal(await decryptSecret(rotated, old, binding), SECRET);

  const moved = await reencrypt(rotated, old, binding);
  assert.equal(moved.keyVersion, 2);
  assert.equal(needsRotation(rotated, moved), false);
  assert.notDeepEqual(moved.iv, old.iv);
  assert.equal(await decryptSecret(rotated, moved, binding), SECRET);

  // Once every row moved, version 1 can be retired: v2-only keyring reads the new row.
  assert.equal(await decryptSecret(await ring([2, 9]), moved, binding), SECRET);
  const fresh = await encryptSecret(rotated, 'another-key', binding);
  assert.equal(fresh.keyVersion, 2);
});

Deno.test('IVs are unique across many encryptions', async () => {
  const keyring = await ring([1, 7]);
  const seen = new Set<string>();
  const ciphertexts = new Set<string>();
  for (let i = 0; i < 2_000; i++) {
    const sealed = await encryptSecret(keyring, SECRET, binding);
    seen.add(Array.from(sealed.iv).join(','));
    ciphertexts.add(Array.from(sealed.ciphertext).join(','));
  }
  assert.equal(seen.size, 2_000);
  assert.equal(ciphertexts.size, 2_000, 'same plaintext, different ciphertext every time');
});

Deno.test('empty and oversized secrets are refused', async () => {
  const keyring = await ring([1, 7]);
  await rejectsWith(encryptSecret(keyring, '', binding), 'invalid_input');
  await rejectsWith(encryptSecret(keyring, 'k'.repeat(9_000), binding), 'invalid_input');
});

Deno.test('keyHint shows at most the last four characters, and less of short keys', () => {
  assert.equal(keyHint(SECRET), '6789');
  assert.equal(keyHint('sk-ant-api03-abcdWXYZ'), 'WXYZ');
  assert.equal(keyHint('1234567890123456'), '3456');
  assert.equal(keyHint('12345678'), '78', 'a quarter of an 8-character key');
  assert.equal(keyHint('abcdef'), 'f');
  assert.equal(keyHint('abc'), null, 'too short to show anything');
  assert.equal(keyHint(''), null);
  assert.equal(keyHint('key-with-emoji-🔑🔑🔑🔑'), '🔑🔑🔑🔑', 'counts characters, not UTF-16 units');
  for (const key of [SECRET, '12345678', 'abcdefghijklmnop']) {
    assert.ok(Array.from(keyHint(key) ?? '').length <= 4);
  }
});
