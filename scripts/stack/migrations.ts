import fs from 'node:fs';
import path from 'node:path';
import { StackError } from './errors.ts';
import { REPO_ROOT, type StackInstance } from './instance.ts';
import { adminClient } from './postgres.ts';
import { run } from './proc.ts';

const SUPABASE_CLI = path.join(REPO_ROOT, 'node_modules', '.bin', 'supabase');
const MIGRATIONS_DIR = path.join(REPO_ROOT, 'supabase', 'migrations');

/**
 * The URL the Supabase CLI gets: no TLS, and `localhost` rather than 127.0.0.1, because the CLI
 * takes 127.0.0.1 on config.toml's [db] port (the dev instance's 54322) for a Docker stack of its
 * own and tries to restart its containers.
 */
export const cliDbUrl = (instance: StackInstance) => `${instance.dbUrl.replace('@127.0.0.1:', '@localhost:')}?sslmode=disable`;

/**
 * Runs the real Supabase CLI, so migrations and seed are applied exactly as `supabase start` and
 * `supabase db push` apply them. cwd is the repo root: the CLI reads supabase/ from there.
 */
async function supabase(args: string[]) {
  if (!fs.existsSync(SUPABASE_CLI)) {
    throw new StackError('The Supabase CLI is missing (node_modules/.bin/supabase).', 'Run `npm install` first.');
  }
  return run(SUPABASE_CLI, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, SUPABASE_TELEMETRY_DISABLED: '1', SUPABASE_NO_UPDATE_NOTIFIER: '1', DO_NOT_TRACK: '1' },
  });
}

/**
 * Turns the CLI's output into "which file failed and why". The CLI prints "Applying migration X..."
 * (or "Seeding data from ...") before each file, then the Postgres error under the last one.
 */
function migrationFailure(output: string, what: string, workdir = REPO_ROOT): StackError {
  const lines = output.split('\n');
  let file: string | undefined;
  let errorStart = -1;
  lines.forEach((line, i) => {
    const applying = /^Applying migration (\S+?)\.\.\.$/.exec(line.trim());
    const seeding = /^Seeding data from (\S+?)\.\.\.$/.exec(line.trim());
    if (applying) file = path.join('supabase', 'migrations', applying[1]!);
    if (seeding) file = seeding[1];
    if (errorStart < 0 && /^(ERROR|FATAL|failed to|error)/i.test(line.trim())) errorStart = i;
  });
  const detail = (errorStart >= 0 ? lines.slice(errorStart) : lines.slice(-15)).join('\n').trim();
  const shown = file && workdir !== REPO_ROOT ? path.join(workdir, file) : file;
  return new StackError(
    shown ? `${what} failed in ${shown}` : `${what} failed.`,
    `${detail}\n\nFix the file and run \`npm run stack -- start\` again (\`npm run stack -- reset\` reapplies everything from scratch).`,
  );
}

/**
 * Cold start: everything from supabase/migrations, then supabase/seed.sql (`supabase db reset`).
 * `workdir` and `database` point it at another project directory or database (the tests use them
 * to watch a broken migration fail without touching the instance's own database).
 */
export async function resetDatabase(instance: StackInstance, options: { workdir?: string; database?: string } = {}): Promise<void> {
  const dbUrl = options.database ? cliDbUrl(instance).replace(/\/postgres\?/, `/${options.database}?`) : cliDbUrl(instance);
  const result = await supabase(['db', 'reset', '--db-url', dbUrl, '--yes', ...(options.workdir ? ['--workdir', options.workdir] : [])]);
  if (result.code !== 0) throw migrationFailure(`${result.stdout}\n${result.stderr}`, 'Applying migrations and seed', options.workdir);
}

const localVersions = (): string[] =>
  fs.existsSync(MIGRATIONS_DIR)
    ? fs
        .readdirSync(MIGRATIONS_DIR)
        .map((f) => /^(\d+)_.*\.sql$/.exec(f)?.[1])
        .filter((v): v is string => v !== undefined)
        .sort()
    : [];

async function appliedVersions(instance: StackInstance): Promise<string[]> {
  const client = await adminClient(instance);
  try {
    const exists = await client.query(`select to_regclass('supabase_migrations.schema_migrations') is not null as ok`);
    if (!exists.rows[0].ok) return [];
    const result = await client.query<{ version: string }>('select version from supabase_migrations.schema_migrations order by version');
    return result.rows.map((r) => r.version);
  } finally {
    await client.end();
  }
}

/**
 * Which of supabase/migrations the database has not applied yet, read from the CLI's own history
 * table, and which applied versions have no file (e.g. after switching branches).
 */
export async function migrationStatus(instance: StackInstance): Promise<{ pending: string[]; warning?: string }> {
  const local = localVersions();
  const applied = await appliedVersions(instance);
  const appliedSet = new Set(applied);
  const localSet = new Set(local);
  const unknown = applied.filter((v) => !localSet.has(v));
  return {
    pending: local.filter((v) => !appliedSet.has(v)),
    warning:
      unknown.length > 0
        ? `The database has migrations that are not in supabase/migrations (${unknown.join(', ')}), e.g. after switching branches. ` +
          'Run `npm run stack -- reset` to rebuild it from the files.'
        : undefined,
  };
}

/**
 * Warm start: applies the migrations added since the database was last migrated, with
 * `supabase migration up`. Callers check migrationStatus first: the CLI takes a second or more
 * even when there is nothing to do.
 */
export async function applyPendingMigrations(instance: StackInstance): Promise<void> {
  const result = await supabase(['migration', 'up', '--db-url', cliDbUrl(instance), '--include-all']);
  if (result.code !== 0) throw migrationFailure(`${result.stdout}\n${result.stderr}`, 'Applying new migrations');
}
