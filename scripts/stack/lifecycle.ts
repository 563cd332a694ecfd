/**
 * The programmatic API of the local stack: startStack, stopStack, resetStack. The CLI, `npm run dev`,
 * the integration tests' global setup and the benchmark all go through these.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { StackError } from './errors.ts';
import { REPO_ROOT, resolveInstance, type StackInstance } from './instance.ts';
import { withLock } from './lock.ts';
import { applyPendingMigrations, migrationStatus, resetDatabase } from './migrations.ts';
import { instancePaths, type LogName } from './paths.ts';
import { resolvePostgrestBinary } from './postgrest-binary.ts';
import { assertPortsFree } from './ports.ts';
import {
  applyBootstrap,
  assertPostgresInstalled,
  initCluster,
  isClusterInitialized,
  postgresPid,
  prepareDirectories,
  startPostgres,
  stopPostgres,
} from './postgres.ts';
import { isAlive, signal, sleep, tailFile, waitFor, waitForExit } from './proc.ts';
import { instanceProcesses, isSupervisorProcess, markerEnv } from './processes.ts';
import { readState, type SupervisedPart } from './state.ts';
import { getStatus, type StackStatus } from './status.ts';
import { supervisorArgs } from './supervisor/bundle.ts';

export interface StartOptions {
  /** Wipe the instance's data first (a cold start with fresh migrations and seed). */
  fresh?: boolean;
  /** Progress lines ("Postgres: initialised in 0.6 s"); silent when omitted. */
  log?: (line: string) => void;
}

export interface StartResult {
  status: StackStatus;
  cold: boolean;
  /** Nothing needed starting: every part was already running. */
  alreadyRunning: boolean;
  /** Seconds spent in each step, for the curious and for the benchmark. */
  timings: Record<string, number>;
}

const toInstance = (instance: StackInstance | string) => (typeof instance === 'string' ? resolveInstance(instance) : instance);

function readSupervisorPid(instance: StackInstance): number | undefined {
  try {
    const pid = Number(fs.readFileSync(instancePaths(instance).supervisorPid, 'utf8').trim());
    return isSupervisorProcess(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

async function spawnSupervisor(instance: StackInstance, log: (line: string) => void): Promise<number> {
  const args = await supervisorArgs(log);
  const out = fs.openSync(instancePaths(instance).log('supervisor'), 'a');
  const env: NodeJS.ProcessEnv = { ...process.env, ...markerEnv(instance) };
  // Options meant for whoever called us (a test runner's loaders, say) are not the supervisor's.
  delete env.NODE_OPTIONS;
  try {
    // Detached: its own session and process group, so the terminal's Ctrl-C never reaches it and
    // `stop` can signal the whole group.
    const child = spawn(process.execPath, [...args, instance.name, '--await-db'], {
      cwd: REPO_ROOT,
      detached: true,
      stdio: ['ignore', out, out],
      env,
    });
    child.unref();
    if (!child.pid) throw new StackError('Could not start the stack supervisor (node).');
    return child.pid;
  } finally {
    fs.closeSync(out);
  }
}

function partFailure(instance: StackInstance, part: SupervisedPart, what: string): StackError {
  // The gateway and auth run inside the supervisor, which logs their failures.
  const logName: LogName = part === 'postgrest' || part === 'functions' ? part : 'supervisor';
  const file = instancePaths(instance).log(logName);
  const supervisorTail = tailFile(instancePaths(instance).log('supervisor'), 10);
  return new StackError(
    `${part} ${what}.`,
    `Last lines of ${file}:\n${tailFile(file, 20) || '(empty)'}${logName !== 'supervisor' && supervisorTail ? `\n\nLast lines of the supervisor log:\n${supervisorTail}` : ''}`,
  );
}

/** Waits until every supervised part is ready; fails fast, with its log, when one cannot start. */
async function waitForParts(instance: StackInstance, supervisorPid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!isAlive(supervisorPid)) {
      throw new StackError('The stack supervisor exited while starting.', tailFile(instancePaths(instance).log('supervisor'), 30));
    }
    const state = readState(instance);
    if (state && state.supervisorPid === supervisorPid) {
      const parts = Object.entries(state.parts) as [SupervisedPart, (typeof state.parts)[SupervisedPart]][];
      if (parts.every(([, p]) => p.state === 'ready')) return;
      for (const [name, part] of parts) {
        if (part.state === 'failed') throw partFailure(instance, name, `failed to start: ${part.error ?? 'unknown error'}`);
        if (part.state === 'crashed') throw partFailure(instance, name, `crashed while starting (${part.error ?? 'no exit status'})`);
        // The supervisor gave up waiting for it (its own, per-part timeout).
        if (part.state === 'starting' && part.error) throw partFailure(instance, name, `did not become ready (${part.error.split('\n')[0]})`);
      }
      if (Date.now() > deadline) {
        const waiting = parts.filter(([, p]) => p.state !== 'ready').map(([name]) => name);
        throw partFailure(instance, waiting[0]!, `did not become ready within ${timeoutMs / 1000} s (still waiting: ${waiting.join(', ')})`);
      }
    }
    await sleep(20);
  }
}

async function startUnlocked(instance: StackInstance, options: StartOptions): Promise<StartResult> {
  const log = options.log ?? (() => {});
  const paths = instancePaths(instance);
  const timings: Record<string, number> = {};
  const started = performance.now();
  const step = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const result = await work();
    timings[name] = (performance.now() - t0) / 1000;
    return result;
  };

  if (options.fresh) {
    await stopUnlocked(instance);
    wipeData(instance);
  }
  // After a wipe, so that `reset` can move an instance to other binaries.
  assertPostgresInstalled(instance);
  resolvePostgrestBinary();
  prepareDirectories(instance);
  await cleanUpOrphans(instance);
  // Logs are only rotated while nothing writes them.
  rotateLogs(instance, [...(postgresPid(instance) ? [] : (['postgres'] as const)), ...(readSupervisorPid(instance) ? [] : SUPERVISOR_LOGS)]);

  // Cold unless a previous start completed bootstrap, migrations and seed in this data directory.
  const cold = !isClusterInitialized(instance) || !fs.existsSync(paths.initialized);
  let supervisorPid = readSupervisorPid(instance);
  let startedSupervisor = false;
  let startedPostgres = false;

  // Every port this start will bind, checked at once so one message names all that are taken.
  await assertPortsFree(
    [
      ...(postgresPid(instance) ? [] : [{ port: instance.dbPort, what: 'Postgres' }]),
      ...(supervisorPid
        ? []
        : [
            { port: instance.apiPort, what: 'API gateway' },
            { port: instance.postgrestPort, what: 'PostgREST' },
            { port: instance.postgrestAdminPort, what: 'PostgREST admin' },
            { port: instance.functionsPort, what: 'functions host' },
          ]),
    ],
    instance.name,
  );

  try {
    if (!supervisorPid) {
      // First, so that the gateway, auth and the functions host boot while the database is
      // prepared. PostgREST waits for the go-ahead below: its schema cache should be built once,
      // from the migrated schema.
      supervisorPid = await spawnSupervisor(instance, log);
      startedSupervisor = true;
    }

    if (cold) {
      if (postgresPid(instance)) await stopPostgres(instance);
      fs.rmSync(paths.initialized, { force: true });
      const how = await step('initdb', () => initCluster(instance));
      log(`Postgres: created a new cluster in ${instance.dataDir} (${how === 'template' ? 'copy of the cached initdb template' : 'initdb'}, ${timings.initdb!.toFixed(2)} s)`);
    }
    if (!postgresPid(instance)) {
      await step('postgres', () => startPostgres(instance));
      startedPostgres = true;
      log(`Postgres: listening on 127.0.0.1:${instance.dbPort} (${timings.postgres!.toFixed(2)} s)`);
    }

    if (cold) {
      await step('bootstrap', () => applyBootstrap(instance));
      await step('migrations', () => resetDatabase(instance));
      fs.writeFileSync(paths.initialized, `${new Date().toISOString()}\n`);
      log(`Database: bootstrap, migrations and seed applied (${(timings.bootstrap! + timings.migrations!).toFixed(2)} s)`);
    } else {
      const { pending, warning } = await step('migration check', () => migrationStatus(instance));
      if (warning) log(`Warning: ${warning}`);
      if (pending.length > 0) {
        await step('migrations', () => applyPendingMigrations(instance));
        log(`Database: applied ${pending.length} new migration(s): ${pending.join(', ')} (${timings.migrations!.toFixed(2)} s)`);
      }
    }

    // Migrations are in: PostgREST may start (a running one reloads its schema cache on the DDL
    // event triggers the bootstrap installs). Also sent to a supervisor that was already running, in
    // case an earlier start died before this point; repeats are harmless. The supervisor announces
    // itself in the state file once it can take the signal.
    const pid = supervisorPid;
    await waitFor(() => readState(instance)?.supervisorPid === pid || !isAlive(pid), { timeoutMs: 30_000, what: 'the stack supervisor' });
    if (!isAlive(pid)) throw new StackError('The stack supervisor exited while starting.', tailFile(instancePaths(instance).log('supervisor'), 30));
    signal(pid, 'SIGUSR2');
    await step('parts', () => waitForParts(instance, pid, 90_000));
  } catch (error) {
    // Leave nothing half-started behind: stop what this call started, keep what was running.
    if (startedSupervisor && supervisorPid) await stopSupervisor(supervisorPid);
    if (startedPostgres) await stopPostgres(instance);
    throw error;
  }
  timings.total = (performance.now() - started) / 1000;
  return { status: await getStatus(instance), cold, alreadyRunning: !startedSupervisor && !startedPostgres && !cold && timings.migrations === undefined, timings };
}

async function stopSupervisor(pid: number): Promise<void> {
  signal(pid, 'SIGTERM');
  if (await waitForExit(pid, 10_000)) return;
  // Hung: take its whole process group (it is the group leader; its children are members).
  signal(-pid, 'SIGKILL');
  await waitForExit(pid, 2_000);
}

/** Processes left by a supervisor that died (killed, machine slept...) would hold the ports. */
async function cleanUpOrphans(instance: StackInstance): Promise<void> {
  if (readSupervisorPid(instance)) return;
  const pg = postgresPid(instance);
  const orphans = instanceProcesses(instance).filter((p) => p.pid !== pg && !isPostgresChild(p.command));
  for (const { pid } of orphans) signal(pid, 'SIGTERM');
  for (const { pid } of orphans) if (!(await waitForExit(pid, 3000))) signal(pid, 'SIGKILL');
}

const isPostgresChild = (command: string) => command.startsWith('postgres:') || command.includes('/bin/postgres ');

async function stopUnlocked(instance: StackInstance): Promise<string[]> {
  const stopped: string[] = [];
  const supervisorPid = readSupervisorPid(instance);
  if (supervisorPid) {
    await stopSupervisor(supervisorPid);
    stopped.push('supervisor (gateway, auth, PostgREST, functions)');
  }
  if (await stopPostgres(instance)) stopped.push('postgres');
  // Whatever is still marked as ours (a child orphaned by a crashed supervisor, a stray pg_ctl).
  let leftovers = instanceProcesses(instance);
  for (const { pid } of leftovers) signal(pid, 'SIGKILL');
  for (const { pid } of leftovers) await waitForExit(pid, 2000);
  if (leftovers.length) stopped.push(`${leftovers.length} leftover process(es)`);
  leftovers = instanceProcesses(instance);
  if (leftovers.length) {
    throw new StackError(
      'Some of the stack\'s processes are still running after stop:',
      leftovers.map((p) => `  pid ${p.pid}: ${p.command}`).join('\n'),
    );
  }
  fs.rmSync(instancePaths(instance).supervisorPid, { force: true });
  return stopped;
}

const SUPERVISOR_LOGS = ['supervisor', 'gateway', 'auth', 'postgrest', 'functions'] as const;
const MAX_LOG_BYTES = 20 * 1024 * 1024;

/** Keeps one previous generation (<name>.log.1) of a log that grew past 20 MB. */
function rotateLogs(instance: StackInstance, names: readonly LogName[]): void {
  for (const name of names) {
    const file = instancePaths(instance).log(name);
    try {
      if (fs.statSync(file).size > MAX_LOG_BYTES) fs.renameSync(file, `${file}.1`);
    } catch {
      // No log yet.
    }
  }
}

function wipeData(instance: StackInstance): void {
  const paths = instancePaths(instance);
  fs.rmSync(instance.dataDir, { recursive: true, force: true });
  fs.rmSync(paths.initialized, { force: true });
  fs.rmSync(paths.state, { force: true });
}

/** Starts whatever is not running and returns once every part is ready. Idempotent. */
export function startStack(instance: StackInstance | string, options: StartOptions = {}): Promise<StartResult> {
  const resolved = toInstance(instance);
  return withLock(resolved, () => startUnlocked(resolved, options));
}

/** Stops every process of the instance (verified) and keeps its data. Returns what it stopped. */
export function stopStack(instance: StackInstance | string): Promise<string[]> {
  const resolved = toInstance(instance);
  if (!fs.existsSync(resolved.dir)) return Promise.resolve([]);
  return withLock(resolved, () => stopUnlocked(resolved));
}

/** Wipes all data (auth users included) and starts from bootstrap, migrations and seed. */
export function resetStack(instance: StackInstance | string, options: Omit<StartOptions, 'fresh'> = {}): Promise<StartResult> {
  return startStack(instance, { ...options, fresh: true });
}
