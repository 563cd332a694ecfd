/**
 * Lockbox encryption of API keys: AES-256-GCM through WebCrypto.
 *
 * - A fresh random 96-bit IV for every encryption: GCM's security collapses if an IV ever repeats
 *   under one key. NIST allows 2^32 random-IV encryptions per key; key writes are far fewer.
 * - Associated data `switchboard:lockbox:v1:<owner id>:<connection id>` binds a ciphertext to its
 *   row: copied to another user's or another connection's row it fails authentication.
 * - The key version travels with the ciphertext (its own column), so old rows stay readable after
 *   a new master key is added, and `reencrypt` moves them to the newest one.
 *
 * Nothing here logs, and errors never contain plaintext or key material.
 */
import type { Keyring } from './keyring.ts';

export const IV_BYTES = 12;
export const TAG_BYTES = 16;
/** API keys are short; the cap keeps ciphertexts under the table's 16 KiB check. */
export const MAX_SECRET_BYTES = 8 * 1024;

export type LockboxErrorCode = 'unknown_key_version' | 'decrypt_failed' | 'invalid_input';

export class LockboxError extends Error {
  constructor(readonly code: LockboxErrorCode, message: string) {
    super(message);
    this.name = 'LockboxError';
  }
}

/** Which row a secret belongs to. */
export interface SecretBinding {
  ownerId: string;
  connectionId: string;
}

/** What the lockbox table stores: ciphertext (with the GCM tag appended), IV and key version. */
export interface SealedSecret {
  ciphertext: Uint8Array<ArrayBuffer>;
  iv: Uint8Array<ArrayBuffer>;
  keyVersion: number;
}

const ID_PATTERN = /^[A-Za-z0-9-]{1,64}$/;

/**
 * The associated data for a row. Ids are lower-cased (uuids compare case-insensitively, and the
 * database prints them in lower case) and must not contain ':' so no two bindings share a string.
 */
export function associatedData(binding: SecretBinding): Uint8Array<ArrayBuffer> {
  for (const [name, value] of [['ownerId', binding.ownerId], ['connectionId', binding.connectionId]] as const) {
    if (typeof value !== 'string' || !ID_PATTERN.test(value)) {
      throw new LockboxError('invalid_input', `${name} must be an id (letters, digits and dashes)`);
    }
  }
  const text = `switchboard:lockbox:v1:${binding.ownerId.toLowerCase()}:${binding.connectionId.toLowerCase()}`;
  return new TextEncoder().encode(text);
}

export async function encryptSecret(
  keyring: Keyring,
  plaintext: string,
  binding: SecretBinding,
): Promise<SealedSecret> {
  if (typeof plaintext !== 'string' || plaintext.length === 0) {
    throw new LockboxError('invalid_input', 'The secret is empty');
  }
  const data = new TextEncoder().encode(plaintext);
  if (data.length > MAX_SECRET_BYTES) {
    throw new LockboxError('invalid_input', `The secret is longer than ${MAX_SECRET_BYTES} bytes`);
  }
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const { version, key } = keyring.current;
  const encrypted = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: associatedData(binding), tagLength: TAG_BYTES * 8 },
    key,
    data,
  );
  data.fill(0);
  return { ciphertext: new Uint8Array(encrypted), iv, keyVersion: version };
}

export async function decryptSecret(keyring: Keyring, sealed: SealedSecret, binding: SecretBinding): Promise<string> {
  const master = keyring.byVersion.get(sealed.keyVersion);
  if (!master) {
    const known = [...keyring.byVersion.keys()].sort((a, b) => a - b).join(', ');
    throw new LockboxError(
      'unknown_key_version',
      `This secret was encrypted with master key version ${sealed.keyVersion}, which is not configured ` +
        `(configured: ${known}). Add that version back to LOCKBOX_KEYS to read it.`,
    );
  }
  if (sealed.iv.length !== IV_BYTES) throw new LockboxError('decrypt_failed', 'The stored IV has the wrong length');
  if (sealed.ciphertext.length <= TAG_BYTES) {
    throw new LockboxError('decrypt_failed', 'The stored ciphertext is too short');
  }
  let decrypted: ArrayBuffer;
  try {
    decrypted = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: sealed.iv, additionalData: associatedData(binding), tagLength: TAG_BYTES * 8 },
      master.key,
      sealed.ciphertext,
    );
  } catch {
    // One message for every cause (tampering, wrong row, wrong key): details would help an attacker, not a user.
    throw new LockboxError(
      'decrypt_failed',
      'The stored secret could not be decrypted: it was altered, belongs to another connection, or the key changed',
    );
  }
  return new TextDecoder().decode(decrypted);
}

/** True when the secret is not under the newest master key (a rotation should re-encrypt it). */
export function needsRotation(keyring: Keyring, sealed: Pick<SealedSecret, 'keyVersion'>): boolean {
  return sealed.keyVersion !== keyring.current.version;
}

/** Decrypts with the secret's own key version and encrypts again under the newest (fresh IV). */
export async function reencrypt(keyring: Keyring, sealed: SealedSecret, binding: SecretBinding): Promise<SealedSecret> {
  return encryptSecret(keyring, await decryptSecret(keyring, sealed, binding), binding);
}

/**
 * What the UI may show of a key: its last characters, never more than four, and never more than a
 * quarter of the key (a 6-character key shows 1). Keys under 4 characters show nothing (null).
 * Counts characters, not UTF-16 units, so a hint never splits an emoji or accented letter.
 */
export function keyHint(secret: string): string | null {
  const characters = Array.from(secret.trim());
  const length = Math.min(4, Math.floor(characters.length / 4));
  return length === 0 ? null : characters.slice(-length).join('');
}
