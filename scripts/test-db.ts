/**
 * `npm run test:db`: the pgTAP tests in supabase/tests/database/*.test.sql, run with pg_prove
 * against the `test` stack instance (the stand-in for `supabase test db`, which needs Docker).
 * pgTAP exists only in this database: it is created here, never by a migration.
 * Starts the instance if it is not running and stops it again afterwards, unless STACK_REUSE=1
 * (then `npm test` owns it).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { formatError, StackError } from './stack/errors.ts';
import { REPO_ROOT, resolveInstance } from './stack/instance.ts';
import { startStack, stopStack } from './stack/lifecycle.ts';
import { getStatus } from './stack/status.ts';

const TESTS_DIR = path.join(REPO_ROOT, 'supabase', 'tests', 'database');

function findPgProve(): string {
  const found = (process.env.PATH ?? '').split(':').map((dir) => path.join(dir, 'pg_prove')).find((file) => fs.existsSync(file));
  if (!found) {
    throw new StackError('pg_prove is not installed.', 'Install it with:\n  apt-get install -y libtap-parser-sourcehandler-pgtap-perl postgresql-15-pgtap');
  }
  return found;
}

async function installPgTap(dbUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    // In `extensions`, like every extension here; only the test database ever has it.
    await client.query('create extension if not exists pgtap with schema extensions');
  } catch (error) {
    throw new StackError(`Could not create the pgtap extension: ${(error as Error).message}`, 'Install it with:\n  apt-get install -y postgresql-15-pgtap');
  } finally {
    await client.end();
  }
}

async function main(): Promise<number> {
  // `test` unless STACK_INSTANCE names another; never the developer's `dev` data.
  const name = process.env.STACK_INSTANCE ?? 'test';
  if (name === 'dev') throw new StackError('Database tests never run against the dev stack; use STACK_INSTANCE=test (default) or bench.');
  const instance = resolveInstance(name);
  const files = fs.existsSync(TESTS_DIR) ? fs.readdirSync(TESTS_DIR).filter((f) => f.endsWith('.test.sql')).sort() : [];
  if (files.length === 0) {
    console.log(`No database tests in ${path.relative(REPO_ROOT, TESTS_DIR)}.`);
    return 0;
  }
  const pgProve = findPgProve();
  const reuse = process.env.STACK_REUSE === '1';
  const wasRunning = (await getStatus(instance)).state === 'running';
  if (!wasRunning) console.log('Starting the test stack...');
  await startStack(instance);
  try {
    await installPgTap(instance.dbUrl);
    const code = await new Promise<number>((resolve, reject) => {
      const child = spawn(
        pgProve,
        ['-h', '127.0.0.1', '-p', String(instance.dbPort), '-U', 'postgres', '-d', 'postgres', ...files.map((f) => path.join(TESTS_DIR, f))],
        { stdio: 'inherit', env: { ...process.env, PGPASSWORD: 'postgres' } },
      );
      child.on('error', reject);
      child.on('close', (status) => resolve(status ?? 1));
    });
    return code;
  } finally {
    if (!wasRunning && !reuse) await stopStack(instance);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(formatError(error));
    process.exit(1);
  },
);
