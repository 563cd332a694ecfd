import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { StackError } from './errors.ts';
import { REPO_ROOT, type StackInstance } from './instance.ts';
import { instancePaths } from './paths.ts';
import { assertPortsFree } from './ports.ts';
import { isExplicitChoice, type PostgresBinaries, resolvePostgresBinaries } from './postgres-binaries.ts';
import { isAlive, run, signal, sleep, tailFile, waitForExit } from './proc.ts';
import { markerEnv } from './processes.ts';

const BOOTSTRAP_DIR = path.join(REPO_ROOT, 'scripts', 'stack', 'sql');

/** Where an instance notes which binaries created its cluster (removed with the cluster). */
const recordFile = (instance: StackInstance) => path.join(instance.dir, 'postgres-binaries.json');
const chosen = new Map<string, PostgresBinaries>();

/** The binaries that created the instance's cluster, while the cluster and they both exist. */
function recordedBinaries(instance: StackInstance): PostgresBinaries | undefined {
  try {
    if (!isClusterInitialized(instance)) return undefined;
    const recorded = JSON.parse(fs.readFileSync(recordFile(instance), 'utf8')) as PostgresBinaries;
    return ['initdb', 'pg_ctl', 'postgres'].every((bin) => fs.existsSync(path.join(recorded.binDir, bin))) ? recorded : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The binaries an instance runs with: those that created its cluster (builds differ in options
 * even within 15.x, so a cluster keeps its own), else what the environment chooses.
 */
export function postgresBinaries(instance: StackInstance): PostgresBinaries {
  let binaries = chosen.get(instance.dir);
  if (!binaries) {
    binaries = recordedBinaries(instance) ?? resolvePostgresBinaries();
    chosen.set(instance.dir, binaries);
  }
  return binaries;
}

/**
 * Fails early, with the fix, when no usable PostgreSQL 15 can be found, or when the environment
 * explicitly asks for other binaries than the ones that created the instance's data.
 */
export function assertPostgresInstalled(instance: StackInstance): void {
  const recorded = recordedBinaries(instance);
  const wanted = !recorded || isExplicitChoice() ? resolvePostgresBinaries() : recorded;
  if (recorded && wanted.binDir !== recorded.binDir) {
    throw new StackError(
      `The "${instance.name}" instance's database was created by ${recorded.description}, but the environment asks for ${wanted.description}.`,
      `Unset STACK_PG / STACK_PG_BIN to keep using its data, or start over with the new binaries (this wipes the instance's data):\n  npm run stack -- reset --instance ${instance.name}`,
    );
  }
}

/**
 * Postgres refuses to run as root. When we are root, every Postgres command runs as the `postgres`
 * OS user (the system package creates it) or, on a machine without one (npm's binaries), as
 * `nobody`; the instance's directories belong to that user.
 */
export function postgresOsUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const users = fs.readFileSync('/etc/passwd', 'utf8').split('\n');
  const line = users.find((l) => l.startsWith('postgres:')) ?? users.find((l) => l.startsWith('nobody:'));
  if (!line) {
    throw new StackError(
      'Running as root, but there is neither a `postgres` nor a `nobody` OS user to run the database as (Postgres refuses to run as root).',
      'Create one (`useradd --system postgres`), or run the stack as an ordinary user.',
    );
  }
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/** Creates the instance's directories, owned by the user Postgres runs as. */
export function prepareDirectories(instance: StackInstance): void {
  const user = postgresOsUser();
  for (const dir of [path.dirname(instance.dir), instance.dir, instance.logDir]) {
    fs.mkdirSync(dir, { recursive: true });
  }
  if (user) {
    // Postgres writes its log and unix socket here; root can still write everything else.
    fs.chownSync(instance.dir, user.uid, user.gid);
    fs.chownSync(instance.logDir, user.uid, user.gid);
    fs.chmodSync(path.dirname(instance.dir), 0o755);
  }
}

async function asPostgres(instance: StackInstance, bin: string, args: string[], detached = false) {
  const user = postgresOsUser();
  return run(path.join(postgresBinaries(instance).binDir, bin), args, { ...(user ?? {}), detached, cwd: '/', env: { ...process.env, ...markerEnv(instance) } });
}

/** The postmaster's pid if this instance's Postgres is running. */
export function postgresPid(instance: StackInstance): number | undefined {
  try {
    const pid = Number(fs.readFileSync(instancePaths(instance).postmasterPid, 'utf8').split('\n')[0]);
    return isAlive(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

export function isClusterInitialized(instance: StackInstance): boolean {
  return fs.existsSync(path.join(instance.dataDir, 'PG_VERSION'));
}

// Local socket connections are trusted (only users who can enter the instance dir reach them);
// TCP needs the passwords the bootstrap sets, as on Supabase.
const INITDB_ARGS = ['-U', 'supabase_admin', '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync', '--no-instructions'];

/**
 * A pristine initdb result, shared by all instances and checkouts on the machine: copying it takes
 * ~0.1 s where initdb takes ~1 s. Keyed by the binaries and the initdb arguments; nothing of a
 * project is in it (the bootstrap and migrations run on the copy).
 */
export function templateDir(binaries: PostgresBinaries): string {
  const { binDir } = binaries;
  const owner = postgresOsUser()?.uid ?? process.getuid?.() ?? '';
  const key = createHash('sha256').update(`${binDir}\0${owner}\0${INITDB_ARGS.join(' ')}\0${fs.statSync(path.join(binDir, 'postgres')).mtimeMs}`).digest('hex').slice(0, 12);
  return path.join(os.tmpdir(), 'switchboard-stack', 'templates', `initdb-${key}`);
}

/** `cp -a`: keeps the postgres user's ownership and the 0700 modes Postgres insists on. */
const copyTree = (from: string, to: string) => run('cp', ['-a', from, to]);

/** A new, empty cluster in the instance's data directory. Returns whether the template was used. */
export async function initCluster(instance: StackInstance): Promise<'template' | 'initdb'> {
  fs.rmSync(instance.dataDir, { recursive: true, force: true });
  fs.rmSync(recordFile(instance), { force: true });
  chosen.delete(instance.dir);
  const binaries = postgresBinaries(instance);
  const template = templateDir(binaries);
  const recordBinaries = () => fs.writeFileSync(recordFile(instance), `${JSON.stringify(binaries, null, 2)}\n`);
  if (fs.existsSync(path.join(template, 'PG_VERSION')) && (await copyTree(template, instance.dataDir)).code === 0) {
    recordBinaries();
    return 'template';
  }
  fs.rmSync(instance.dataDir, { recursive: true, force: true });

  const result = await asPostgres(instance, 'initdb', ['-D', instance.dataDir, ...INITDB_ARGS]);
  if (result.code !== 0) {
    throw new StackError('initdb failed to create the database cluster.', `${result.stdout}${result.stderr}`.trim());
  }
  recordBinaries();
  // Keep a copy for the next cold start; written aside and renamed, so a half copy is never used.
  fs.mkdirSync(path.dirname(template), { recursive: true });
  const partial = `${template}.${process.pid}.partial`;
  if ((await copyTree(instance.dataDir, partial)).code === 0) {
    try {
      fs.renameSync(partial, template);
    } catch {
      // Another start made it first.
    }
  }
  fs.rmSync(partial, { recursive: true, force: true });
  return 'initdb';
}

export async function startPostgres(instance: StackInstance): Promise<void> {
  const paths = instancePaths(instance);
  await assertPortsFree([{ port: instance.dbPort, what: 'Postgres' }], instance.name);
  const options = [
    `-p ${instance.dbPort}`,
    '-c listen_addresses=127.0.0.1',
    `-c unix_socket_directories=${instance.dir}`,
    // A disposable development cluster: durability is not worth the fsyncs.
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
  ].join(' ');
  const logFile = paths.log('postgres');
  const logOffset = fs.existsSync(logFile) ? fs.statSync(logFile).size : 0;
  // -W: don't let pg_ctl wait (it polls in 100 ms steps); we watch postmaster.pid ourselves.
  // Detached so that Ctrl-C in the terminal that started the stack never reaches Postgres.
  const result = await asPostgres(instance, 'pg_ctl', ['start', '-W', '-D', instance.dataDir, '-l', logFile, '-o', options], true);
  if (result.code !== 0) {
    throw new StackError('Postgres failed to start.', `${result.stdout}${result.stderr}\n${tailFile(logFile)}`.trim());
  }
  const failed = (why: string) => new StackError(why, `Last lines of ${logFile}:\n${tailFile(logFile)}`);
  const deadline = Date.now() + 20_000;
  for (;;) {
    // Line 1 of postmaster.pid is the pid, line 8 the status: "ready" means it accepts connections.
    // The file can be caught empty or half-written, so only a complete pid counts.
    const lines = fs.existsSync(paths.postmasterPid) ? fs.readFileSync(paths.postmasterPid, 'utf8').split('\n') : [];
    const pid = Number(lines[0]);
    if (lines[7]?.trim() === 'ready' && isAlive(pid)) return;
    if (pid > 0 && lines.length >= 8 && !isAlive(pid)) throw failed('Postgres exited while starting.');
    // A postmaster that dies before writing its pid file leaves only a FATAL line in the log.
    if (fs.existsSync(logFile) && fs.statSync(logFile).size > logOffset && !postgresPid(instance)) {
      const fresh = fs.readFileSync(logFile, 'utf8').slice(logOffset);
      if (/\b(FATAL|PANIC):/.test(fresh)) throw failed('Postgres failed to start.');
    }
    if (Date.now() > deadline) throw failed('Postgres did not become ready within 20 s.');
    await sleep(10);
  }
}

export async function stopPostgres(instance: StackInstance): Promise<boolean> {
  const pid = postgresPid(instance);
  if (!pid) return false;
  await asPostgres(instance, 'pg_ctl', ['stop', '-W', '-D', instance.dataDir, '-m', 'fast']);
  if (await waitForExit(pid, 15_000)) return true;
  // Something holds a fast shutdown up (it should not); don't leave a server behind.
  await asPostgres(instance, 'pg_ctl', ['stop', '-W', '-D', instance.dataDir, '-m', 'immediate']);
  if (!(await waitForExit(pid, 5_000))) signal(pid, 'SIGKILL');
  return true;
}

/** A superuser connection over the instance's unix socket (trusted; works before passwords exist). */
export async function adminClient(instance: StackInstance): Promise<pg.Client> {
  const client = new pg.Client({ host: instance.dir, port: instance.dbPort, user: 'supabase_admin', database: 'postgres' });
  await client.connect();
  return client;
}

/**
 * The platform's part of the schema (roles, `extensions`, `auth`), which Supabase creates before any
 * migration runs. Applied once, right after initdb.
 */
export async function applyBootstrap(instance: StackInstance): Promise<void> {
  const files = fs.readdirSync(BOOTSTRAP_DIR).filter((f) => f.endsWith('.sql')).sort();
  const client = await adminClient(instance);
  try {
    for (const file of files) {
      try {
        await client.query(fs.readFileSync(path.join(BOOTSTRAP_DIR, file), 'utf8'));
      } catch (error) {
        const e = error as pg.DatabaseError;
        throw new StackError(
          `The stack's bootstrap SQL failed: scripts/stack/sql/${file}`,
          `ERROR: ${e.message}${e.code ? ` (SQLSTATE ${e.code})` : ''}${e.position ? ` at character ${e.position}` : ''}`,
        );
      }
    }
  } finally {
    await client.end();
  }
}
