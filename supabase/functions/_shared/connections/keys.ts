/**
 * The API key a probe of a connection sends: the caller's lockbox key (decrypted here, never
 * logged), else the deployment's server key for the kind, else none.
 */
import { fromByteaHex } from '../lockbox/bytea.ts';
import { decryptSecret, LockboxError } from '../lockbox/crypto.ts';
import { type Keyring, LockboxConfigError } from '../lockbox/keyring.ts';
import { resolveApiKey, type ResolvedKey } from '../providers/keys.ts';
import type { ConnectionRecord, FunctionDeps } from './ports.ts';

export type KeyProblemCode = 'lockbox_unavailable' | 'key_unreadable';

export interface KeyProblem {
  code: KeyProblemCode;
  message: string;
}

export type OpenedSecret = { ok: true; key: string } | { ok: false; problem: KeyProblem };

export const LOCKBOX_UNAVAILABLE_FOR_USE =
  "This connection has a stored API key, but the deployment's lockbox master key (LOCKBOX_KEYS) is not " +
  'configured, so the key cannot be used. Ask the administrator to configure the lockbox.';

export const KEY_UNREADABLE =
  "The stored API key of this connection can no longer be decrypted (the deployment's master key changed, " +
  'or the stored data was altered). Save the key again.';

/**
 * Decrypts the stored keys of `ownerId`'s connections. Connections without a stored key are absent
 * from the result. The keyring is only needed (and only awaited) when some key is stored.
 */
export async function openSecrets(
  deps: Pick<FunctionDeps, 'secrets' | 'keyring' | 'log'>,
  ownerId: string,
  connectionIds: readonly string[],
): Promise<Map<string, OpenedSecret>> {
  const opened = new Map<string, OpenedSecret>();
  if (connectionIds.length === 0) return opened;
  const stored = await deps.secrets.get(ownerId, connectionIds);
  if (stored.size === 0) return opened;

  let keyring: Keyring;
  try {
    keyring = await deps.keyring();
  } catch (error) {
    if (!(error instanceof LockboxConfigError)) throw error;
    for (const id of stored.keys()) {
      opened.set(id, { ok: false, problem: { code: 'lockbox_unavailable', message: LOCKBOX_UNAVAILABLE_FOR_USE } });
    }
    return opened;
  }

  await Promise.all([...stored.values()].map(async (secret) => {
    try {
      const key = await decryptSecret(
        keyring,
        { ciphertext: fromByteaHex(secret.ciphertext), iv: fromByteaHex(secret.iv), keyVersion: secret.key_version },
        { ownerId, connectionId: secret.connection_id },
      );
      opened.set(secret.connection_id, { ok: true, key });
    } catch (error) {
      // The code only: the message of a LockboxError never holds key material, but nothing here
      // needs more than which row and which kind of failure.
      const code = error instanceof LockboxError ? error.code : 'malformed_row';
      deps.log.warn(`[lockbox] the key of connection ${secret.connection_id} could not be decrypted (${code})`);
      opened.set(secret.connection_id, { ok: false, problem: { code: 'key_unreadable', message: KEY_UNREADABLE } });
    }
  }));
  return opened;
}

/** Precedence: the user's lockbox key, then the kind's server key (server_key_env), then none. */
export function keyForConnection(
  connection: ConnectionRecord,
  opened: OpenedSecret | undefined,
  env: FunctionDeps['env'],
): ResolvedKey | KeyProblem {
  if (opened && !opened.ok) return opened.problem;
  return resolveApiKey({
    kind: connection.kind,
    lockboxKey: opened?.ok ? opened.key : null,
    serverKeyEnv: connection.kind_row.server_key_env,
    env,
  });
}

export function isKeyProblem(value: ResolvedKey | KeyProblem): value is KeyProblem {
  return 'code' in value;
}
