/**
 * The stack tool itself: `status --json` as scripts read it, a crashed part reported (not
 * hidden) and restarted, and the clear errors it promises (port taken, migration failing,
 * Postgres missing).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { StackError } from '../../scripts/stack/errors.ts';
import { REPO_ROOT } from '../../scripts/stack/instance.ts';
import { resetDatabase } from '../../scripts/stack/migrations.ts';
import { instancePaths } from '../../scripts/stack/paths.ts';
import { assertPortsFree } from '../../scripts/stack/ports.ts';
import { getStatus, type StackStatus } from '../../scripts/stack/status.ts';
import { anonKey, instance, restUrl, withDb } from './support/stack.ts';

const exec = promisify(execFile);
const TSX = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  exec(TSX, ['scripts/stack/cli.ts', ...args, '--instance', instance.name], { cwd: REPO_ROOT, env: { ...process.env, ...env } });

async function until<T>(check: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('status --json', () => {
  it('prints the URLs, keys and every part as ready', async () => {
    const { stdout } = await cli(['status', '--json']);
    const status = JSON.parse(stdout) as StackStatus;
    expect(status).toMatchObject({
      instance: instance.name,
      state: 'running',
      api_url: instance.apiUrl,
      rest_url: `${instance.apiUrl}/rest/v1`,
      auth_url: `${instance.apiUrl}/auth/v1`,
      functions_url: `${instance.apiUrl}/functions/v1`,
      db_url: instance.dbUrl,
      anon_key: instance.anonKey,
      service_role_key: instance.serviceRoleKey,
      jwt_secret: instance.jwtSecret,
    });
    for (const part of ['postgres', 'postgrest', 'functions', 'auth', 'gateway'] as const) {
      expect(status.parts[part].state, part).toBe('ready');
    }
    expect(status.functions.whoami).toBe('ready');
    expect(status.functions['broken-test']).toMatch(/^failed: /);
  });
});

describe('a crashed part', () => {
  it('is reported with its exit, answered for with 503 while down, and restarted', async () => {
    const before = await getStatus(instance);
    const pid = before.parts.postgrest.pid!;
    const restartsBefore = before.parts.postgrest.restarts;
    process.kill(pid, 'SIGKILL');

    const crashed = await until(
      async () => {
        const status = await getStatus(instance);
        return status.parts.postgrest.state === 'crashed' ? status : undefined;
      },
      5000,
      'the crash to be reported',
    );
    expect(crashed.state).toBe('degraded');
    expect(crashed.parts.postgrest.lastCrash).toMatchObject({ signal: 'SIGKILL', code: null });
    expect(crashed.parts.postgrest.nextRestartAt).toBeDefined();

    // While it is down the gateway says so at once (it does not hang or pretend).
    const started = performance.now();
    const response = await fetch(`${restUrl}/x`, { headers: { apikey: anonKey } });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(response.status).toBe(503);
    expect((await response.json()).message).toMatch(/PostgREST is not available: it is crashed/);

    const recovered = await until(
      async () => {
        const status = await getStatus(instance);
        return status.parts.postgrest.state === 'ready' ? status : undefined;
      },
      15_000,
      'PostgREST to be restarted',
    );
    // The crash stays on record after the restart.
    expect(recovered.parts.postgrest.restarts).toBe(restartsBefore + 1);
    expect(recovered.parts.postgrest.lastCrash?.signal).toBe('SIGKILL');
    expect(recovered.parts.postgrest.pid).not.toBe(pid);
    const { stdout } = await cli(['status']);
    expect(stdout).toMatch(/postgrest\s+ready.*CRASHED \(restarted \d+x\) last: killed by SIGKILL/);
    expect(fs.readFileSync(instancePaths(instance).log('supervisor'), 'utf8')).toContain(`postgrest (pid ${pid}) was killed by SIGKILL`);
  });
});

describe('clear errors', () => {
  it('names the port that is taken and the process holding it', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const error = await assertPortsFree([{ port, what: 'API gateway' }], 'example').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StackError);
      expect((error as StackError).details).toContain(`port ${port} (API gateway) is in use by pid ${process.pid}`);
    } finally {
      server.close();
    }
  });

  const scratchDb = 'migration_failure_check';
  const workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-migration-check-'));
  afterAll(async () => {
    fs.rmSync(workdir, { recursive: true, force: true });
    await withDb((db) => db.query(`drop database if exists ${scratchDb} with (force)`));
  });

  it('shows the SQL error and the file when a migration fails (real Supabase CLI)', async () => {
    fs.mkdirSync(path.join(workdir, 'supabase', 'migrations'), { recursive: true });
    fs.copyFileSync(path.join(REPO_ROOT, 'supabase', 'config.toml'), path.join(workdir, 'supabase', 'config.toml'));
    fs.writeFileSync(path.join(workdir, 'supabase', 'migrations', '20250101000000_fine.sql'), 'create table public.fine (id int primary key);\n');
    fs.writeFileSync(path.join(workdir, 'supabase', 'migrations', '20250102000000_broken.sql'), 'create table public.broken (id int);\nselect * from no_such_table;\n');
    await withDb(async (db) => {
      await db.query(`drop database if exists ${scratchDb} with (force)`);
      await db.query(`create database ${scratchDb}`);
    });

    const error = await resetDatabase(instance, { workdir, database: scratchDb }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StackError);
    expect((error as StackError).message).toBe(`Applying migrations and seed failed in ${path.join(workdir, 'supabase/migrations/20250102000000_broken.sql')}`);
    expect((error as StackError).details).toContain('relation "no_such_table" does not exist (SQLSTATE 42P01)');
  });

  it('says how to install Postgres when its binaries are missing', async () => {
    const failure = await cli(['start'], { STACK_PG_BIN: '/nonexistent/postgresql/bin' }).catch((e: { code: number; stderr: string }) => e);
    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stderr: string }).stderr).toContain('apt-get install -y postgresql-15');
  });
});
