/**
 * `npm run lockbox:rotate`: re-encrypts every stored API key (public.connection_secrets) under the
 * newest lockbox master key version, with the same crypto module as the lockbox function
 * (supabase/functions/_shared/lockbox/). Idempotent; prints counts, never keys. See docs/lockbox.md.
 *
 *   LOCKBOX_KEYS="2:<new>,1:<old>" SUPABASE_DB_URL="postgresql://postgres:...@host:5432/postgres" \
 *     npm run lockbox:rotate [-- --dry-run] [--batch-size N] [--owner USER_ID]
 *
 * Without SUPABASE_DB_URL (or --db-url) it targets the local stack instance named by --instance or
 * STACK_INSTANCE (default dev), and without LOCKBOX_KEYS it uses the keys that instance's functions
 * get (supabase/functions/.env, else the instance's generated key).
 */
import pg from 'pg';
import { fromByteaHex, toByteaHex } from '../supabase/functions/_shared/lockbox/bytea.ts';
import { LockboxConfigError, loadKeyring } from '../supabase/functions/_shared/lockbox/keyring.ts';
import { rotateLockbox, type RotationRow, type RotationStore } from '../supabase/functions/_shared/lockbox/rotate.ts';
import { resolveInstance } from './stack/instance.ts';
import { functionSecrets } from './stack/supervisor/functions.ts';

interface Options {
  dbUrl?: string;
  instance?: string;
  dryRun: boolean;
  batchSize: number;
  /** Only this user's keys (a canary run before the whole database). */
  owner?: string;
}

const USAGE =
  'Usage: npm run lockbox:rotate -- [--db-url URL | --instance dev|test|bench] [--dry-run] [--batch-size N] [--owner USER_ID]';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function parseArgs(args: string[]): Options {
  const options: Options = { dryRun: false, batchSize: 200 };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = () => {
      const next = args[++i];
      if (next === undefined) throw new Error(`${arg} needs a value.\n${USAGE}`);
      return next;
    };
    if (arg === '--db-url') options.dbUrl = value();
    else if (arg === '--instance') options.instance = value();
    else if (arg === '--dry-run') options.dryRun = true;
    else if (arg === '--owner') {
      options.owner = value();
      if (!UUID.test(options.owner)) throw new Error(`--owner needs a user id (a UUID).\n${USAGE}`);
    }
    else if (arg === '--batch-size') options.batchSize = Math.max(1, Math.min(10_000, Number(value()) || 200));
    else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`Unknown argument ${arg}.\n${USAGE}`);
  }
  return options;
}

/** Where to connect, and which keys to use (the environment's, or the local stack's). */
function target(options: Options): { dbUrl: string; keys: Record<string, string | undefined>; where: string } {
  const dbUrl = options.dbUrl ?? process.env.SUPABASE_DB_URL;
  const envKeys = { LOCKBOX_KEYS: process.env.LOCKBOX_KEYS, LOCKBOX_MASTER_KEY: process.env.LOCKBOX_MASTER_KEY };
  const haveEnvKeys = Boolean(envKeys.LOCKBOX_KEYS?.trim() || envKeys.LOCKBOX_MASTER_KEY?.trim());
  if (dbUrl) {
    if (!haveEnvKeys) throw new LockboxConfigError('Set LOCKBOX_KEYS (newest and older versions) to rotate a deployment.');
    return { dbUrl, keys: envKeys, where: describeUrl(dbUrl) };
  }
  const instance = resolveInstance(options.instance ?? process.env.STACK_INSTANCE ?? 'dev');
  const keys = haveEnvKeys ? envKeys : functionSecrets(instance, (message) => console.warn(message));
  return { dbUrl: instance.dbUrl, keys, where: `the local "${instance.name}" stack (${describeUrl(instance.dbUrl)})` };
}

function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return 'the database';
  }
}

function pgStore(client: pg.Client, owner: string | null): RotationStore {
  return {
    async countByVersion() {
      const { rows } = await client.query<{ key_version: number; count: string }>(
        'select key_version, count(*) from public.connection_secrets where ($1::uuid is null or owner_id = $1) group by key_version',
        [owner],
      );
      return new Map(rows.map((r) => [r.key_version, Number(r.count)]));
    },
    async listStale(currentVersion, after, limit) {
      const { rows } = await client.query<{ owner_id: string; connection_id: string; ciphertext: Buffer; iv: Buffer; key_version: number }>(
        `select owner_id, connection_id, ciphertext, iv, key_version
           from public.connection_secrets
          where key_version <> $1
            and ($2::uuid is null or (owner_id, connection_id) > ($2::uuid, $3::uuid))
            and ($5::uuid is null or owner_id = $5)
          order by owner_id, connection_id
          limit $4`,
        [currentVersion, after?.owner_id ?? null, after?.connection_id ?? null, limit, owner],
      );
      return rows.map(
        (r): RotationRow => ({
          owner_id: r.owner_id,
          connection_id: r.connection_id,
          ciphertext: toByteaHex(r.ciphertext),
          iv: toByteaHex(r.iv),
          key_version: r.key_version,
        }),
      );
    },
    async replace(previous, next) {
      // Compare-and-swap: a key saved meanwhile (new IV) is left alone.
      const result = await client.query(
        `update public.connection_secrets
            set ciphertext = $1, iv = $2, key_version = $3
          where owner_id = $4 and connection_id = $5 and iv = $6 and key_version = $7`,
        [
          Buffer.from(fromByteaHex(next.ciphertext)),
          Buffer.from(fromByteaHex(next.iv)),
          next.key_version,
          previous.owner_id,
          previous.connection_id,
          Buffer.from(fromByteaHex(previous.iv)),
          previous.key_version,
        ],
      );
      return result.rowCount === 1;
    },
  };
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const { dbUrl, keys, where } = target(options);
  const keyring = await loadKeyring((name) => keys[name]);
  const versions = [...keyring.byVersion.keys()].sort((a, b) => b - a).join(', ');
  const scope = options.owner ? `, only the keys of user ${options.owner}` : '';
  console.log(`Lockbox rotation on ${where}: newest key version ${keyring.current.version} (configured: ${versions})${scope}${options.dryRun ? ', dry run' : ''}.`);

  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    const report = await rotateLockbox(keyring, pgStore(client, options.owner ?? null), {
      batchSize: options.batchSize,
      dryRun: options.dryRun,
      onBatch: ({ rotated, failed }) => process.stdout.write(`  ... ${rotated} re-encrypted, ${failed} failed so far\n`),
    });
    const before = Object.entries(report.before).map(([v, n]) => `v${v}: ${n}`).join(', ') || 'none';
    console.log(`Stored keys: ${report.total} (by version before: ${before}).`);
    console.log(`Already under version ${report.targetVersion}: ${report.alreadyCurrent}.`);
    console.log(`${options.dryRun ? 'Would re-encrypt' : 'Re-encrypted'}: ${report.rotated}.`);
    if (report.changedMeanwhile) console.log(`Saved by users during the run (left as saved): ${report.changedMeanwhile}.`);
    if (report.failed.length) {
      console.log(`Could not decrypt: ${report.failed.length} (left unchanged):`);
      for (const f of report.failed) console.log(`  owner ${f.owner_id}, connection ${f.connection_id}: ${f.reason}`);
      console.log('unknown_key_version: add that version back to LOCKBOX_KEYS and run again. decrypt_failed: the row was altered; the user must save the key again.');
      return 1;
    }
    return 0;
  } finally {
    await client.end();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    // Configuration errors are sentences meant for the operator; anything else, its message only.
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
