import { describe, expect, it } from 'vitest';
import { checkRequirements, CHROMIUM, type MachineFacts, type MachineProbe, planSetup } from './prerequisites.ts';

const SHARE = '/usr/share/postgresql/15';

/** A machine that has exactly `files` and `commands`. */
function machine(files: string[], commands: string[], share: string | undefined = SHARE): MachineProbe {
  return { exists: (file) => files.includes(file), onPath: (c) => commands.includes(c), postgresShareDir: () => share };
}
const everything = machine([`${SHARE}/extension/pgtap.control`, `${SHARE}/extension/plpgsql_check.control`, CHROMIUM], ['pg_prove', 'psql']);
const debianRoot: MachineFacts = { platform: 'linux', hasAptGet: true, isRoot: true, hasSudo: false };

describe('checkRequirements', () => {
  it('finds nothing missing on a machine with pgTAP, pg_prove, psql and Chromium', () => {
    expect(checkRequirements(everything).filter((r) => !r.present)).toEqual([]);
  });

  it('names each missing piece, and a machine without a system PostgreSQL lacks pgTAP', () => {
    const bare = checkRequirements(machine([], [], undefined)).filter((r) => !r.present);
    expect(bare.map((r) => r.what)).toEqual(['PostgreSQL 15 with the pgTAP extension', 'the plpgsql_check extension', 'pg_prove and psql', `Chromium (${CHROMIUM})`]);
    const noBrowser = checkRequirements(machine([`${SHARE}/extension/pgtap.control`, `${SHARE}/extension/plpgsql_check.control`], ['pg_prove', 'psql'])).filter((r) => !r.present);
    expect(noBrowser.map((r) => r.debianPackages)).toEqual([['chromium']]);
  });
});

describe('planSetup', () => {
  it('does nothing when nothing is missing', () => {
    expect(planSetup(checkRequirements(everything), debianRoot)).toEqual({ kind: 'ready' });
  });

  it('installs only the missing packages with apt-get, directly as root, announced in one line', () => {
    const plan = planSetup(checkRequirements(machine([`${SHARE}/extension/pgtap.control`, `${SHARE}/extension/plpgsql_check.control`], ['pg_prove', 'psql'])), debianRoot);
    expect(plan).toEqual({
      kind: 'install',
      announcement: 'npm test: installing what the suites need with apt-get: chromium',
      commands: [
        ['apt-get', 'update', '-qq'],
        ['env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', 'install', '-y', '-qq', '--no-install-recommends', 'chromium'],
      ],
    });
  });

  it('goes through sudo when not root, and never asks for a password', () => {
    const plan = planSetup(checkRequirements(machine([], [], undefined)), { ...debianRoot, isRoot: false, hasSudo: true });
    if (plan.kind !== 'install') throw new Error(`expected an install plan, got ${plan.kind}`);
    expect(plan.commands.every((c) => c[0] === 'sudo' && c[1] === '-n')).toBe(true);
    expect(plan.commands[1]).toEqual(expect.arrayContaining(['postgresql-15', 'postgresql-15-pgtap', 'postgresql-15-plpgsql-check', 'libtap-parser-sourcehandler-pgtap-perl', 'postgresql-client-15', 'chromium']));
  });

  it('stops with what is missing and the command to install it when it may not use sudo', () => {
    const plan = planSetup(checkRequirements(machine([CHROMIUM], ['psql'])), { ...debianRoot, isRoot: false, hasSudo: false });
    expect(plan.kind).toBe('cannot-install');
    if (plan.kind !== 'cannot-install') return;
    expect(plan.message).toContain('- PostgreSQL 15 with the pgTAP extension (for the database tests)');
    expect(plan.message).toContain('- pg_prove and psql (for the database tests)');
    expect(plan.message).not.toContain('Chromium');
    expect(plan.message).toContain('- the plpgsql_check extension (for the database lint)');
    expect(plan.message).toContain('sudo apt-get install -y postgresql-15 postgresql-15-pgtap postgresql-15-plpgsql-check libtap-parser-sourcehandler-pgtap-perl postgresql-client-15');
  });

  it('stops on a machine without apt-get (macOS), naming the packages to look for', () => {
    const plan = planSetup(checkRequirements(machine([], [], undefined)), { platform: 'darwin', hasAptGet: false, isRoot: false, hasSudo: true });
    expect(plan.kind).toBe('cannot-install');
    if (plan.kind === 'cannot-install') expect(plan.message).toMatch(/no apt-get.*\n.*package manager/);
  });
});
