/**
 * The supervisor: one detached process per stack instance, started by `npm run stack -- start`.
 * It hosts the gateway and the auth service in-process, runs PostgREST and the functions host as
 * children, restarts a child that crashes (with backoff, never silently: the crash stays in the
 * state file and the log), and writes every state change to state.json for `status`.
 *
 *   node <bundle of this file> <instance> [--await-db]      (see bundle.ts; or node --import tsx)
 *
 * --await-db: hold PostgREST back until SIGUSR2 says migrations are done, so its schema cache is
 * built once, from the final schema. Postgres itself is run by pg_ctl, not by this process.
 */
import fs from 'node:fs';
import pg from 'pg';
import { CONFIG_TOML, watchedProjectConfig } from '../config.ts';
import { resolveInstance } from '../instance.ts';
import { instancePaths } from '../paths.ts';
import { describeListener } from '../ports.ts';
import { writeState, type PartState, type SupervisorState } from '../state.ts';
import { createGateway, type AuthHandler } from '../gateway/server.ts';
import { functionsHostReady, functionsHostSpec } from './functions.ts';
import { ManagedProcess } from './managed-process.ts';
import { postgrestReady, postgrestSpec } from './postgrest.ts';
import { watchFunctions } from './watch.ts';

const instance = resolveInstance(process.argv[2]);
const awaitDb = process.argv.includes('--await-db');
const paths = instancePaths(instance);
const now = () => new Date().toISOString();

/** stdout is logs/supervisor.log (the CLI opened it for us). */
const log = (message: string) => console.log(`${now()} ${message}`);
/**
 * Appends to logs/<name>.log in batches: the gateway logs every request, and one write per request
 * (a syscall on libuv's thread pool each) cost more CPU than proxying the request itself.
 */
const pendingLogs = new Map<string, string[]>();
const flushLogs = () => {
  for (const [file, lines] of pendingLogs) {
    if (lines.length) fs.appendFileSync(file, lines.splice(0).join(''));
  }
};
setInterval(flushLogs, 250).unref();
const appendLog = (name: 'gateway' | 'auth') => {
  const file = paths.log(name);
  const lines: string[] = [];
  pendingLogs.set(file, lines);
  return (line: string) => {
    lines.push(line.endsWith('\n') ? line : `${line}\n`);
    if (lines.length >= 1000) flushLogs();
  };
};

const state: SupervisorState = {
  instance: instance.name,
  supervisorPid: process.pid,
  startedAt: now(),
  parts: {
    postgrest: { state: 'waiting', since: now(), restarts: 0 },
    functions: { state: 'waiting', since: now(), restarts: 0 },
    auth: { state: 'starting', since: now(), restarts: 0 },
    gateway: { state: 'starting', since: now(), restarts: 0 },
  },
};
let shuttingDown = false;
const persist = () => writeState(instance, state);
const setPart = (part: keyof SupervisorState['parts'], patch: Partial<PartState>) => {
  state.parts[part] = { ...state.parts[part], ...patch };
  persist();
};

// --- Children -----------------------------------------------------------------------------------
const postgrest = new ManagedProcess({
  name: 'postgrest',
  logFile: paths.log('postgrest'),
  spec: () => postgrestSpec(instance),
  isReady: () => postgrestReady(instance),
  readyTimeoutMs: 20_000,
  onChange: () => setPart('postgrest', postgrest.state),
  log,
});
const functions = new ManagedProcess({
  name: 'functions',
  logFile: paths.log('functions'),
  spec: () => functionsHostSpec(instance, log),
  isReady: () => functionsHostReady(instance),
  // The first start on a machine downloads the functions' npm packages.
  readyTimeoutMs: 60_000,
  onChange: () => setPart('functions', functions.state),
  log,
});

// Signal handlers before the state file announces us: the CLI signals as soon as it sees it, and an
// unhandled SIGUSR2 would terminate the process. (Handlers run only once this module has loaded.)
// SIGUSR2 = "migrations are done": start PostgREST unless it runs (repeats are harmless).
process.on('SIGUSR2', () => {
  if (!shuttingDown) postgrest.start();
});
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGHUP', () => {});

fs.writeFileSync(paths.supervisorPid, `${process.pid}\n`);
persist();
log(`supervisor ${process.pid} starting the "${instance.name}" stack`);

// --- Auth (in-process, behind the gateway) -------------------------------------------------------
let authHandler: AuthHandler | undefined;
let authPool: pg.Pool | undefined;
async function startAuth(): Promise<void> {
  try {
    // Loaded at run time so that a broken auth module fails only the auth part, visibly.
    const [{ createAuthHandler }, { loadAuthSettings }] = await Promise.all([import('../auth/server.ts'), import('../auth/settings.ts')]);
    authPool = new pg.Pool({
      connectionString: `postgresql://supabase_auth_admin:postgres@127.0.0.1:${instance.dbPort}/postgres`,
      max: 10,
      idleTimeoutMillis: 30_000,
    });
    // A dropped idle connection (Postgres restarted) must not crash the supervisor.
    authPool.on('error', (error) => log(`auth: database connection error: ${error.message}`));
    authHandler = createAuthHandler({
      pool: authPool,
      jwtSecret: instance.jwtSecret,
      settings: loadAuthSettings(CONFIG_TOML),
      issuer: `${instance.apiUrl}/auth/v1`,
      log: appendLog('auth'),
    });
    setPart('auth', { state: 'ready', since: now() });
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    log(`auth: failed to start:\n${message}`);
    setPart('auth', { state: 'failed', since: now(), error: message.split('\n')[0] });
  }
}

// --- Gateway -------------------------------------------------------------------------------------
const gateway = createGateway({
  instance,
  config: watchedProjectConfig(CONFIG_TOML, log),
  auth: () => authHandler ?? { unavailable: state.parts.auth.error ?? `auth is ${state.parts.auth.state}` },
  partState: (part) => state.parts[part],
  accessLog: appendLog('gateway'),
});
gateway.on('error', (error: NodeJS.ErrnoException) => {
  const detail = error.code === 'EADDRINUSE' ? `port ${instance.apiPort} is in use by ${describeListener(instance.apiPort)}` : error.message;
  log(`gateway: ${detail}`);
  setPart('gateway', { state: 'failed', since: now(), error: detail });
});
gateway.listen(instance.apiPort, '127.0.0.1', () => {
  log(`gateway: listening on ${instance.apiUrl}`);
  setPart('gateway', { state: 'ready', pid: process.pid, since: now() });
});

void startAuth();
functions.start();
if (awaitDb) log('postgrest: waiting for migrations');
else postgrest.start();

const stopWatching = instance.watchFunctions
  ? watchFunctions(instance.functionsDirs, (file) => {
      if (shuttingDown) return;
      log(`functions: ${file} changed; reloading the functions host`);
      void functions.restart();
    })
  : () => {};

// --- Shutdown ------------------------------------------------------------------------------------
async function shutdown(signal: string): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  log(`supervisor: ${signal} received, stopping`);
  stopWatching();
  gateway.close();
  gateway.closeAllConnections();
  await Promise.all([postgrest.stop(), functions.stop(), authPool?.end().catch(() => undefined)]);
  for (const part of ['gateway', 'auth', 'postgrest', 'functions'] as const) {
    state.parts[part] = { ...state.parts[part], state: 'stopped', pid: undefined, since: now() };
  }
  persist();
  flushLogs();
  fs.rmSync(paths.supervisorPid, { force: true });
  log('supervisor: stopped');
  process.exit(0);
}

// The auth service runs in this process; a bug in one of its requests must not take the gateway
// (and with it the whole API) down. Report it loudly and keep serving.
process.on('uncaughtException', (error) => log(`supervisor: uncaught exception (still running):\n${error.stack ?? error.message}`));
process.on('unhandledRejection', (reason) => log(`supervisor: unhandled rejection (still running): ${reason instanceof Error ? reason.stack : String(reason)}`));
