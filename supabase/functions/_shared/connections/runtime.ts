/**
 * Production wiring for the connection functions: the handlers' dependencies from the function's
 * environment. Each index.ts is then one line of setup and Deno.serve.
 */
import { type Keyring, loadKeyring, LockboxConfigError } from '../lockbox/keyring.ts';
import { consoleLogger, type FunctionDeps, type Logger, type SecretStore } from './ports.ts';
import { databaseRateLimitGate } from './rate-limit-gate.ts';
import {
  callerClient,
  serviceClient,
  supabaseCallerDb,
  supabaseConsumeRpc,
  supabaseSecretStore,
  supabaseSettings,
} from './supabase-ports.ts';

/**
 * Loads the master keys once, at startup, and logs the outcome without any key material. For the
 * lockbox a missing key means refusing to work ("required"); for the probes only stored keys
 * become unusable.
 */
export function startKeyring(
  functionName: string,
  env: (name: string) => string | undefined,
  log: Logger,
  options: { required: boolean },
): () => Promise<Keyring> {
  const keyring = loadKeyring(env);
  keyring.then(
    (ring) => {
      if (options.required) {
        log.info(
          `[${functionName}] lockbox ready: master key version ${ring.current.version} encrypts, ` +
            `${ring.byVersion.size} version(s) can decrypt.`,
        );
      }
    },
    (error) => {
      const reason = error instanceof LockboxConfigError ? error.message : 'the keys could not be loaded';
      if (options.required) {
        log.error(
          `[${functionName}] refusing to store API keys: ${reason} Every request is answered 503 lockbox_unavailable until this is fixed.`,
        );
      } else {
        log.warn(
          `[${functionName}] no usable lockbox master key (${reason}); connections with a stored key cannot be probed.`,
        );
      }
    },
  );
  return () => keyring;
}

export function productionDeps(functionName: string, options: { keyringRequired?: boolean } = {}): FunctionDeps {
  const env = (name: string) => Deno.env.get(name);
  const log = consoleLogger;
  // Built on first use, so a missing SUPABASE_* variable is a clear 500 with a log line, not a boot failure.
  let settings: ReturnType<typeof supabaseSettings> | undefined;
  let service: ReturnType<typeof serviceClient> | undefined;
  const getSettings = () => (settings ??= supabaseSettings(env));
  const getService = () => (service ??= serviceClient(getSettings()));

  const secrets: SecretStore = {
    get: (ownerId, connectionIds) => supabaseSecretStore(getService()).get(ownerId, connectionIds),
    put: (row) => supabaseSecretStore(getService()).put(row),
    remove: (ownerId, connectionId) => supabaseSecretStore(getService()).remove(ownerId, connectionId),
  };
  return {
    env,
    log,
    callerDb: (accessToken) => supabaseCallerDb(callerClient(getSettings(), accessToken)),
    secrets,
    rateLimit: databaseRateLimitGate((args) => supabaseConsumeRpc(getService())(args), { log }),
    keyring: startKeyring(functionName, env, log, { required: options.keyringRequired ?? false }),
  };
}
