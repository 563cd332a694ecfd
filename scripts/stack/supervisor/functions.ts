import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadProjectConfig } from '../config.ts';
import { REPO_ROOT, type StackInstance } from '../instance.ts';
import { markerEnv } from '../processes.ts';
import { parseDotenv } from './dotenv.ts';
import type { ProcessSpec } from './managed-process.ts';

const DENO = path.join(REPO_ROOT, 'node_modules', '.bin', 'deno');
const DENO_CONFIG = path.join(REPO_ROOT, 'supabase', 'functions', 'deno.json');
const HOST = path.join(REPO_ROOT, 'scripts', 'stack', 'deno', 'host.ts');

/** Host variables passed through so Deno can fetch npm packages behind a proxy or mirror. */
const PASSTHROUGH = /^(DENO_|NPM_CONFIG_|HTTPS?_PROXY$|NO_PROXY$|https?_proxy$|no_proxy$|SSL_CERT_|TZ$)/;

/** Secrets from each functions dir's .env; names starting with SUPABASE_ are reserved, as on Supabase. */
function readSecrets(instance: StackInstance, warn: (message: string) => void): Record<string, string> {
  const secrets: Record<string, string> = {};
  for (const dir of instance.functionsDirs) {
    const file = path.join(dir, '.env');
    if (!fs.existsSync(file)) continue;
    for (const [key, value] of Object.entries(parseDotenv(fs.readFileSync(file, 'utf8')))) {
      if (key.startsWith('SUPABASE_')) warn(`${path.relative(REPO_ROOT, file)}: skipping ${key} (names starting with SUPABASE_ are reserved)`);
      else secrets[key] = value;
    }
  }
  return secrets;
}

/**
 * A lockbox master key for this instance alone (LOCKBOX_KEYS format), made on first use and kept
 * in the instance's directory next to the data it protects: never in the repository, and a fresh
 * clone (CI) works without setup. A LOCKBOX_KEYS or LOCKBOX_MASTER_KEY in the .env wins.
 */
export function localLockboxKeys(instance: StackInstance): string {
  const file = path.join(instance.dir, 'lockbox-keys');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(instance.dir, { recursive: true });
    try {
      fs.writeFileSync(file, `1:${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return fs.readFileSync(file, 'utf8').trim();
}

/**
 * Settings the local stack gives the functions unless a .env sets them. Defaults, not overrides:
 * whatever a hosted deployment can set, a developer must be able to set locally too.
 */
export const LOCAL_FUNCTION_DEFAULTS: Readonly<Record<string, string>> = {
  // The local stack runs on the developer's machine, so by default functions may reach loopback/LAN
  // servers (Ollama, LM Studio...). A hosted deployment leaves this unset, i.e. off; `false` in
  // supabase/functions/.env reproduces that policy locally.
  SWITCHBOARD_ALLOW_PRIVATE_ENDPOINTS: 'true',
};

/** The secrets the functions host gets: the .env files', plus the instance's lockbox key unless they set one. */
export function functionSecrets(instance: StackInstance, warn: (message: string) => void): Record<string, string> {
  const secrets = readSecrets(instance, warn);
  if (!secrets.LOCKBOX_KEYS && !secrets.LOCKBOX_MASTER_KEY) secrets.LOCKBOX_KEYS = localLockboxKeys(instance);
  return secrets;
}

/**
 * The functions host's command line and environment. The environment is built from scratch, like
 * the edge runtime's: the local defaults, the secrets (which override them), what Supabase injects
 * (which nothing overrides), and nothing from the developer's shell.
 */
export function functionsHostSpec(instance: StackInstance, warn: (message: string) => void): ProcessSpec {
  const config = loadProjectConfig();
  const passthrough = Object.fromEntries(Object.entries(process.env).filter(([key]) => PASSTHROUGH.test(key))) as Record<string, string>;
  const env: Record<string, string> = {
    ...passthrough,
    // Deno caches npm packages here; without HOME it would not know where.
    DENO_DIR: process.env.DENO_DIR ?? path.join(os.homedir(), '.cache', 'deno'),
    DENO_NO_UPDATE_CHECK: '1',
    NO_COLOR: '1',
    ...LOCAL_FUNCTION_DEFAULTS,
    ...functionSecrets(instance, warn),
    ...markerEnv(instance),
    SUPABASE_URL: instance.apiUrl,
    SUPABASE_ANON_KEY: instance.anonKey,
    SUPABASE_SERVICE_ROLE_KEY: instance.serviceRoleKey,
    SUPABASE_DB_URL: instance.dbUrl,
    // The host's own settings (it removes them before any function runs); no .env changes them.
    SWITCHBOARD_FUNCTIONS_DIRS: JSON.stringify(instance.functionsDirs),
    SWITCHBOARD_FUNCTIONS_DISABLED: JSON.stringify(Object.entries(config.functions).filter(([, f]) => !f.enabled).map(([name]) => name)),
    SWITCHBOARD_FUNCTIONS_PORT: String(instance.functionsPort),
  };
  return {
    command: DENO,
    args: [
      'run',
      '--config', DENO_CONFIG,
      // What the edge runtime allows: network, env, reading files, writing temp files.
      '--allow-net', '--allow-env', '--allow-read', `--allow-write=${os.tmpdir()}`, '--allow-sys',
      '--no-prompt',
      HOST,
    ],
    env,
    cwd: REPO_ROOT,
  };
}

export async function functionsHostReady(instance: StackInstance): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${instance.functionsPort}/_internal/health`, { signal: AbortSignal.timeout(1000) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

/** Per-function load state as the host reports it ({} if it does not answer). */
export async function functionsReport(instance: StackInstance): Promise<Record<string, string>> {
  try {
    const response = await fetch(`http://127.0.0.1:${instance.functionsPort}/_internal/health`, { signal: AbortSignal.timeout(1000) });
    return ((await response.json()) as { functions?: Record<string, string> }).functions ?? {};
  } catch {
    return {};
  }
}
