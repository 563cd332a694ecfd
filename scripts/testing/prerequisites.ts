/**
 * What `npm test` needs beyond npm, and how it gets it. The suites need pgTAP and pg_prove (the
 * database tests), plpgsql_check (the database lint), and Chromium (Playwright drives the system's; its own browser downloads are not
 * reachable everywhere). On Debian/Ubuntu the test command installs what is missing with apt-get,
 * as root or through sudo, announced in one line; elsewhere it stops before any suite runs, naming
 * what is missing and the command that installs it.
 *
 * The decisions are pure functions of what was found (`checkRequirements`, `planSetup`), so they
 * are tested without installing anything; `ensurePrerequisites` does the I/O.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { findSystemPostgres } from '../stack/postgres-binaries.ts';

export interface Requirement {
  /** What it is, in the words of the message a person reads. */
  what: string;
  /** Which suite needs it. */
  neededBy: string;
  present: boolean;
  /** The Debian/Ubuntu packages that provide it. */
  debianPackages: string[];
}

/** What the checks can look at; the real one reads the machine, tests pass their own. */
export interface MachineProbe {
  exists(file: string): boolean;
  onPath(command: string): boolean;
  /** The system PostgreSQL 15's share directory (where extensions live), if there is one. */
  postgresShareDir(): string | undefined;
}

export const CHROMIUM = '/usr/bin/chromium';

export function checkRequirements(probe: MachineProbe): Requirement[] {
  const share = probe.postgresShareDir();
  return [
    {
      what: 'PostgreSQL 15 with the pgTAP extension',
      neededBy: 'database tests',
      present: share !== undefined && probe.exists(path.join(share, 'extension', 'pgtap.control')),
      // Depends on postgresql-15, so it brings the server too.
      debianPackages: ['postgresql-15', 'postgresql-15-pgtap'],
    },
    {
      what: 'the plpgsql_check extension',
      neededBy: 'database lint',
      present: share !== undefined && probe.exists(path.join(share, 'extension', 'plpgsql_check.control')),
      debianPackages: ['postgresql-15-plpgsql-check'],
    },
    {
      what: 'pg_prove and psql',
      neededBy: 'database tests',
      present: probe.onPath('pg_prove') && probe.onPath('psql'),
      debianPackages: ['libtap-parser-sourcehandler-pgtap-perl', 'postgresql-client-15'],
    },
    {
      what: `Chromium (${CHROMIUM})`,
      neededBy: 'end-to-end tests',
      present: probe.exists(CHROMIUM),
      debianPackages: ['chromium'],
    },
  ];
}

export interface MachineFacts {
  platform: NodeJS.Platform;
  hasAptGet: boolean;
  isRoot: boolean;
  /** sudo that works without a password prompt (tests run unattended). */
  hasSudo: boolean;
}

export type SetupPlan =
  | { kind: 'ready' }
  | { kind: 'install'; announcement: string; commands: string[][] }
  | { kind: 'cannot-install'; message: string };

export function planSetup(requirements: Requirement[], facts: MachineFacts): SetupPlan {
  const missing = requirements.filter((r) => !r.present);
  if (missing.length === 0) return { kind: 'ready' };
  const packages = [...new Set(missing.flatMap((r) => r.debianPackages))];
  const installCommand = `sudo apt-get install -y ${packages.join(' ')}`;
  const list = missing.map((r) => `  - ${r.what} (for the ${r.neededBy})`).join('\n');
  if (facts.platform === 'linux' && facts.hasAptGet && (facts.isRoot || facts.hasSudo)) {
    const sudo = facts.isRoot ? [] : ['sudo', '-n'];
    return {
      kind: 'install',
      announcement: `npm test: installing what the suites need with apt-get: ${packages.join(' ')}`,
      commands: [
        [...sudo, 'apt-get', 'update', '-qq'],
        [...sudo, 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...packages],
      ],
    };
  }
  const why = facts.platform !== 'linux' || !facts.hasAptGet
    ? 'This machine has no apt-get, so npm test cannot install them itself.'
    : 'npm test would install them with apt-get, but it is not running as root and sudo needs a password.';
  const how = facts.platform === 'linux' && facts.hasAptGet
    ? `Install them with:\n  ${installCommand}`
    : `Install them with your system's package manager (on Debian/Ubuntu: ${installCommand}); Playwright expects Chromium at ${CHROMIUM}.`;
  return { kind: 'cannot-install', message: `npm test needs what this machine does not have:\n${list}\n${why}\n${how}` };
}

// --- The real machine ------------------------------------------------------------------------------

const onPath = (command: string) =>
  (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && fs.existsSync(path.join(dir, command)));

function postgresShareDir(): string | undefined {
  const bin = findSystemPostgres();
  if (!bin) return undefined;
  try {
    return execFileSync(path.join(bin, 'pg_config'), ['--sharedir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

export const machineProbe: MachineProbe = { exists: fs.existsSync, onPath, postgresShareDir };

function machineFacts(): MachineFacts {
  const isRoot = process.getuid?.() === 0;
  return {
    platform: process.platform,
    hasAptGet: onPath('apt-get'),
    isRoot,
    hasSudo: !isRoot && onPath('sudo') && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0,
  };
}

/** Installs what is missing, or says what to install. Returns false when the suites cannot run. */
export function ensurePrerequisites(log: (line: string) => void = console.log): boolean {
  const plan = planSetup(checkRequirements(machineProbe), machineFacts());
  if (plan.kind === 'ready') return true;
  if (plan.kind === 'cannot-install') {
    log(plan.message);
    return false;
  }
  log(plan.announcement);
  for (const [command, ...args] of plan.commands) {
    const result = spawnSync(command!, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    if (result.status !== 0) {
      log(`npm test: \`${[command, ...args].join(' ')}\` failed (exit ${result.status ?? result.signal}); install the packages above by hand, then run npm test again.`);
      return false;
    }
  }
  const still = checkRequirements(machineProbe).filter((r) => !r.present);
  if (still.length > 0) {
    log(`npm test: still missing after the install: ${still.map((r) => r.what).join(', ')}.`);
    return false;
  }
  return true;
}
