/**
 * The lockbox keyring: master keys from function secrets, each with a version.
 *
 * Format (function secret LOCKBOX_KEYS): comma-separated `<version>:<base64 of 32 bytes>`, e.g.
 *   LOCKBOX_KEYS="2:Zm9v...=,1:YmFy...="
 * The highest version encrypts; every listed version can decrypt. LOCKBOX_MASTER_KEY (a single
 * base64 key) is accepted as version 1, alone or next to LOCKBOX_KEYS, so a deployment that started
 * with one key can rotate by adding LOCKBOX_KEYS="2:<new key>" and re-encrypting.
 *
 * Parsing is strict and its errors say how to fix the secret, because a function that cannot read
 * its keys must refuse to start (and say why) rather than store keys it cannot decrypt later.
 * Error messages never echo key material.
 */

export const KEY_BYTES = 32;

export class LockboxConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LockboxConfigError';
  }
}

export interface MasterKey {
  version: number;
  key: CryptoKey;
}

export interface Keyring {
  /** The key new ciphertexts use: the highest version. */
  readonly current: MasterKey;
  /** Every usable key, by version. */
  readonly byVersion: ReadonlyMap<number, MasterKey>;
}

const HOW_TO_FIX = 'Generate a key with `openssl rand -base64 32` and set it with ' +
  '`supabase secrets set LOCKBOX_KEYS="1:<key>"` (locally: add LOCKBOX_KEYS=1:<key> to supabase/functions/.env).';

/** Standard or URL-safe base64, padding optional. Returns null when it is not base64. */
export function decodeBase64(text: string): Uint8Array<ArrayBuffer> | null {
  const normalized = text.trim().replace(/-/g, '+').replace(/_/g, '/');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(normalized)) return null;
  const unpadded = normalized.replace(/=+$/, '');
  if (unpadded.length % 4 === 1) return null;
  try {
    const binary = atob(unpadded.padEnd(Math.ceil(unpadded.length / 4) * 4, '='));
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return null;
  }
}

export interface ParsedKey {
  version: number;
  bytes: Uint8Array<ArrayBuffer>;
}

/** Parses a LOCKBOX_KEYS value. Throws LockboxConfigError naming the entry (by position, never its key). */
export function parseKeyList(value: string, variable = 'LOCKBOX_KEYS'): ParsedKey[] {
  const entries = value.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  if (entries.length === 0) throw new LockboxConfigError(`${variable} is empty. ${HOW_TO_FIX}`);
  const keys: ParsedKey[] = [];
  entries.forEach((entry, index) => {
    const where = `${variable} entry ${index + 1}`;
    const colon = entry.indexOf(':');
    if (colon === -1) {
      throw new LockboxConfigError(
        `${where} has no version: write it as <version>:<base64 key>, e.g. 1:<key>. ${HOW_TO_FIX}`,
      );
    }
    const versionText = entry.slice(0, colon).trim();
    if (!/^[1-9][0-9]{0,8}$/.test(versionText)) {
      throw new LockboxConfigError(`${where}: the version must be a positive whole number (1, 2, ...).`);
    }
    const version = Number(versionText);
    if (keys.some((k) => k.version === version)) {
      throw new LockboxConfigError(`${where}: version ${version} appears twice; every key needs its own version.`);
    }
    keys.push({ version, bytes: decodeKey(entry.slice(colon + 1), `${where} (version ${version})`) });
  });
  return keys;
}

function decodeKey(text: string, where: string): Uint8Array<ArrayBuffer> {
  const bytes = decodeBase64(text);
  if (!bytes) throw new LockboxConfigError(`${where} is not valid base64. ${HOW_TO_FIX}`);
  if (bytes.length !== KEY_BYTES) {
    throw new LockboxConfigError(
      `${where} decodes to ${bytes.length} bytes; AES-256 needs exactly ${KEY_BYTES}. ${HOW_TO_FIX}`,
    );
  }
  return bytes;
}

/**
 * Reads and validates the master keys from the environment (without importing them), so a
 * function can check its configuration at startup.
 */
export function parseKeyringEnv(get: (name: string) => string | undefined): ParsedKey[] {
  const list = get('LOCKBOX_KEYS')?.trim();
  const single = get('LOCKBOX_MASTER_KEY')?.trim();
  if (!list && !single) {
    throw new LockboxConfigError(`LOCKBOX_KEYS is not set, so API keys cannot be stored. ${HOW_TO_FIX}`);
  }
  const keys = list ? parseKeyList(list) : [];
  if (single) {
    const bytes = decodeKey(single, 'LOCKBOX_MASTER_KEY');
    const v1 = keys.find((k) => k.version === 1);
    if (v1 && !equalBytes(v1.bytes, bytes)) {
      throw new LockboxConfigError(
        'LOCKBOX_MASTER_KEY and version 1 of LOCKBOX_KEYS differ. LOCKBOX_MASTER_KEY counts as version 1: ' +
          'remove it, or make LOCKBOX_KEYS version 1 the same key.',
      );
    }
    if (!v1) keys.push({ version: 1, bytes });
  }
  return keys.sort((a, b) => b.version - a.version);
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** Imports parsed keys as non-extractable AES-GCM keys and wipes the raw bytes. */
export async function importKeyring(keys: ParsedKey[]): Promise<Keyring> {
  if (keys.length === 0) throw new LockboxConfigError(`No lockbox keys. ${HOW_TO_FIX}`);
  const byVersion = new Map<number, MasterKey>();
  for (const { version, bytes } of keys) {
    const key = await crypto.subtle.importKey('raw', bytes, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
    bytes.fill(0);
    byVersion.set(version, { version, key });
  }
  const newest = Math.max(...byVersion.keys());
  return { current: byVersion.get(newest)!, byVersion };
}

/**
 * parseKeyringEnv + importKeyring. Rejects (never throws synchronously) with a LockboxConfigError
 * whose message is fit for the startup log.
 */
export async function loadKeyring(get: (name: string) => string | undefined): Promise<Keyring> {
  return await importKeyring(parseKeyringEnv(get));
}
