/**
 * Getting from a connection row to something that can be requested: its key (lockbox, server,
 * none) and its ConnectionTarget, or the reason it cannot be probed at all, as a health verdict
 * and as the status every function answers for it.
 */
import type { HealthResult } from '../health/check.ts';
import { urlRefusal } from '../net/safe-fetch.ts';
import { describeFetchError } from '../providers/errors.ts';
import { isHeaderSafeKey, type KeySource } from '../providers/keys.ts';
import { TargetError, targetFor } from '../providers/target.ts';
import type { ConnectionTarget } from '../core/providers/types.ts';
import { isKeyProblem, keyForConnection, type OpenedSecret } from './keys.ts';
import type { ConnectionRecord, FunctionDeps } from './ports.ts';

export type Probe =
  | { ok: true; target: ConnectionTarget; keySource: KeySource }
  | {
    ok: false;
    result: HealthResult;
    /** The answer of a function asked to use this connection: never 5xx but for the administrator's missing key. */
    status: 409 | 422 | 503;
    code: string;
    message: string;
  };

export function prepareProbe(
  connection: ConnectionRecord,
  opened: OpenedSecret | undefined,
  env: FunctionDeps['env'],
): Probe {
  const key = keyForConnection(connection, opened, env);
  if (isKeyProblem(key)) {
    // Not checked: the stored key could not be used. "invalid_key" tells the app to offer
    // saving the key again; a missing master key is the administrator's to fix.
    const unreadable = key.code === 'key_unreadable';
    return {
      ok: false,
      status: unreadable ? 409 : 503,
      code: key.code,
      message: key.message,
      result: { status: 'unknown', latencyMs: null, error: { code: unreadable ? 'invalid_key' : 'unknown', message: key.message } },
    };
  }
  // A key that cannot travel in a header (saved before the lockbox refused such keys, or a server
  // secret set by hand) would make building the request throw: refused here, as the caller's to fix
  // (their key) or the administrator's (the deployment's).
  if (key.key !== null && !isHeaderSafeKey(key.key)) {
    const mine = key.source === 'user';
    const message = mine
      ? 'The stored API key of this connection contains a character that is not plain ASCII, so it cannot be sent. ' +
        'Save the key again, pasting it alone as the provider shows it.'
      : `The deployment's server key for this kind (${key.envName ?? 'its function secret'}) contains a character ` +
        'that is not plain ASCII, so it cannot be sent. Ask the administrator to set it again.';
    return {
      ok: false,
      status: mine ? 422 : 503,
      code: mine ? 'invalid_key' : 'server_key_invalid',
      message,
      result: { status: 'unknown', latencyMs: null, error: { code: mine ? 'invalid_key' : 'unknown', message } },
    };
  }
  let target: ConnectionTarget;
  try {
    target = targetFor(connection.kind_row, connection, key.key);
  } catch (error) {
    if (!(error instanceof TargetError)) throw error;
    return {
      ok: false,
      status: 422,
      code: 'invalid_connection',
      message: error.message,
      result: { status: 'unhealthy', latencyMs: null, error: { code: 'unknown', message: error.message } },
    };
  }
  // A stored URL the SSRF policy refuses without any lookup (scheme, credentials, syntax a URL
  // parser rejects) is the caller's to fix: refused here, before any request or URL building.
  const refused = urlRefusal(target.baseUrl);
  if (refused) {
    const described = describeFetchError(refused);
    return {
      ok: false,
      status: 422,
      code: described.code,
      message: described.message,
      result: { status: 'unhealthy', latencyMs: null, error: { code: described.code, message: described.message } },
    };
  }
  return { ok: true, target, keySource: key.source };
}
