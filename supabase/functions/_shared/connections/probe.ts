/**
 * Getting from a connection row to something that can be requested: its key (lockbox, server,
 * none) and its ConnectionTarget, or the reason it cannot be probed at all, as a health verdict.
 */
import type { HealthResult } from '../health/check.ts';
import type { KeySource } from '../providers/keys.ts';
import { TargetError, targetFor } from '../providers/target.ts';
import type { ConnectionTarget } from '../providers/types.ts';
import { isKeyProblem, keyForConnection, type OpenedSecret } from './keys.ts';
import type { ConnectionRecord, FunctionDeps } from './ports.ts';

export type Probe =
  | { ok: true; target: ConnectionTarget; keySource: KeySource }
  | { ok: false; result: HealthResult; code: string; message: string };

export function prepareProbe(
  connection: ConnectionRecord,
  opened: OpenedSecret | undefined,
  env: FunctionDeps['env'],
): Probe {
  const key = keyForConnection(connection, opened, env);
  if (isKeyProblem(key)) {
    // Not checked: the stored key could not be used. "invalid_key" tells the app to offer
    // saving the key again; a missing master key is the administrator's to fix.
    const code = key.code === 'key_unreadable' ? 'invalid_key' : 'unknown';
    return {
      ok: false,
      code: key.code,
      message: key.message,
      result: { status: 'unknown', latencyMs: null, error: { code, message: key.message } },
    };
  }
  try {
    return { ok: true, target: targetFor(connection.kind_row, connection, key.key), keySource: key.source };
  } catch (error) {
    if (!(error instanceof TargetError)) throw error;
    return {
      ok: false,
      code: 'invalid_connection',
      message: error.message,
      result: { status: 'unhealthy', latencyMs: null, error: { code: 'unknown', message: error.message } },
    };
  }
}
