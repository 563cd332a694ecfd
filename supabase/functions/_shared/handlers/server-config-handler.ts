/**
 * server-config: what the deployment provides (docs/functions-api.md). Booleans only: whether a
 * kind has a server key, never the key or even its length.
 */
import { allowMethods, json } from '../http.ts';
import { parseKeyringEnv } from '../lockbox/keyring.ts';
import { allowPrivateEndpoints } from '../net/ssrf.ts';
import type { FunctionDeps } from '../connections/ports.ts';
import { enforceRateLimit, requireUser } from '../connections/request.ts';

export function createServerConfigHandler(deps: FunctionDeps) {
  return async (request: Request): Promise<Response> => {
    // GET for plain HTTP clients; POST because supabase-js functions.invoke() posts by default.
    allowMethods(request, 'GET', 'POST');
    const user = requireUser(request);
    await enforceRateLimit(deps.rateLimit, user.userId, 'server_config');

    // The kinds and their secret names come from provider_kinds, so a kind added as data counts too.
    const kinds = await deps.callerDb(user.accessToken).listKinds();
    const serverKeys: Record<string, boolean> = {};
    for (const kind of kinds) {
      serverKeys[kind.id] = Boolean(kind.server_key_env && deps.env(kind.server_key_env)?.trim());
    }
    return json({
      server_keys: serverKeys,
      allow_private_endpoints: allowPrivateEndpoints(deps.env),
      lockbox_available: lockboxConfigured(deps.env),
    });
  };
}

function lockboxConfigured(env: FunctionDeps['env']): boolean {
  try {
    for (const key of parseKeyringEnv(env)) key.bytes.fill(0);
    return true;
  } catch {
    return false;
  }
}
