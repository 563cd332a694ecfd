/**
 * lockbox: set, replace or remove a connection's API key (docs/functions-api.md).
 *
 * The key is encrypted here (AES-256-GCM, fresh IV, associated data binding it to owner and
 * connection) and written to connection_secrets with the service role, after the caller's own
 * token has shown the connection is theirs. The answer carries the hint (last characters) and
 * never the key; nothing here logs it.
 */
import { z } from 'npm:zod@4.6.7';
import { allowMethods, HttpError, json } from '../http.ts';
import { toByteaHex } from '../lockbox/bytea.ts';
import { encryptSecret, keyHint } from '../lockbox/crypto.ts';
import { type Keyring, LockboxConfigError } from '../lockbox/keyring.ts';
import { isHeaderSafeKey } from '../providers/keys.ts';
import type { FunctionDeps } from '../connections/ports.ts';
import { enforceRateLimit, readBody, requireUser } from '../connections/request.ts';

export const MAX_API_KEY_LENGTH = 4096;

const connectionId = z.guid({ error: 'connection_id must be a connection id (a UUID)' });

const apiKey = z.string({ error: 'api_key must be a string' })
  .transform((value) => value.trim())
  .pipe(
    z.string()
      .min(1, { error: 'api_key is empty; to remove a key use the action "delete"' })
      .max(MAX_API_KEY_LENGTH, { error: `api_key is longer than ${MAX_API_KEY_LENGTH} characters` })
      // A line break or other control character cannot travel in an HTTP header: it is a paste error.
      .refine((value) => !hasControlCharacter(value), {
        error: 'api_key contains a line break or another control character; paste the key alone',
      })
      // Checked after control characters, so a pasted line break gets the message that names it.
      .refine(isHeaderSafeKey, {
        error: 'api_key contains a character that is not plain ASCII (letters, digits, punctuation), which API keys never ' +
          'have; paste the key alone, as the provider shows it',
      }),
  );

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

export const lockboxRequestSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('set'), connection_id: connectionId, api_key: apiKey }),
  z.strictObject({ action: z.literal('delete'), connection_id: connectionId }),
], { error: 'action must be "set" or "delete"' });

export const NOT_FOUND_MESSAGE = 'That connection does not exist, or it is not yours. Reload your connections.';

export function createLockboxHandler(deps: FunctionDeps) {
  return async (request: Request): Promise<Response> => {
    allowMethods(request, 'POST');
    const user = requireUser(request);
    const keyring = await lockboxKeyring(deps);
    await enforceRateLimit(deps.rateLimit, user.userId, 'lockbox');
    const body = await readBody(request, lockboxRequestSchema);

    // Ownership, with the caller's token: RLS hides other people's connections.
    const connection = await deps.callerDb(user.accessToken).getConnection(body.connection_id);
    if (!connection) throw new HttpError(404, 'not_found', NOT_FOUND_MESSAGE);

    if (body.action === 'delete') {
      await deps.secrets.remove(user.userId, connection.id);
      return json({ connection_id: connection.id, deleted: true });
    }

    const sealed = await encryptSecret(keyring, body.api_key, { ownerId: user.userId, connectionId: connection.id });
    const stored = await deps.secrets.put({
      owner_id: user.userId,
      connection_id: connection.id,
      ciphertext: toByteaHex(sealed.ciphertext),
      iv: toByteaHex(sealed.iv),
      key_version: sealed.keyVersion,
      hint: keyHint(body.api_key),
    });
    // Deleted between the ownership check and the write.
    if (!stored) throw new HttpError(404, 'not_found', NOT_FOUND_MESSAGE);
    return json({
      connection_id: connection.id,
      hint: stored.hint,
      key_version: stored.key_version,
      updated_at: stored.updated_at,
    });
  };
}

/** The keyring, or a 503 that says what the administrator must do. */
async function lockboxKeyring(deps: FunctionDeps): Promise<Keyring> {
  try {
    return await deps.keyring();
  } catch (error) {
    if (error instanceof LockboxConfigError) {
      throw new HttpError(503, 'lockbox_unavailable', `The lockbox is unavailable: ${error.message}`);
    }
    throw error;
  }
}
