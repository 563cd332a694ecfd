/**
 * `npm test`: every check the project has, in one command, against its own `test` stack instance
 * (own ports and data dir), so it never touches a developer's running stack.
 *
 * Order: the cheap static checks first, then the suites that need no stack, then the stack-backed
 * suites. Every step runs even after a failure, so one run shows everything that is broken; the exit
 * code is non-zero if anything failed. Each runner prints its own summary; this script adds a table
 * and a closing `N passed, N failed` line.
 */
import { spawn } from 'node:child_process';
import { stripVTControlCharacters as stripAnsi } from 'node:util';
import { REPO_ROOT, resolveInstance } from './stack/instance.ts';
import { ensurePrerequisites } from './testing/prerequisites.ts';

interface Step {
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
  /** Reads the runner's own summary from its output. */
  count?: (output: string) => Counts | undefined;
}

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

interface Outcome {
  step: Step;
  ok: boolean;
  counts?: Counts;
  seconds: number;
}

const num = (match: RegExpMatchArray | null, group = 1) => (match ? Number(match[group]) : 0);

/** vitest: "Tests  2 failed | 40 passed | 1 skipped (43)". */
function countVitest(output: string): Counts | undefined {
  const line = stripAnsi(output).split('\n').reverse().find((l) => /^\s*Tests\s+/.test(l));
  if (!line) return undefined;
  return {
    passed: num(line.match(/(\d+) passed/)),
    failed: num(line.match(/(\d+) failed/)),
    skipped: num(line.match(/(\d+) skipped/)) + num(line.match(/(\d+) todo/)),
  };
}

/** deno test: "ok | 12 passed | 0 failed | 1 ignored (1s)" or "FAILED | 11 passed | 1 failed". */
function countDeno(output: string): Counts | undefined {
  const line = stripAnsi(output).split('\n').reverse().find((l) => /^(ok|FAILED) \| \d+ passed/.test(l));
  if (!line) return undefined;
  return {
    passed: num(line.match(/(\d+) passed/)),
    failed: num(line.match(/(\d+) failed/)),
    skipped: num(line.match(/(\d+) ignored/)),
  };
}

/** pg_prove: "Files=3, Tests=120, ..." plus "Failed 2/40 subtests" lines per failing file. */
function countPgProve(output: string): Counts | undefined {
  const text = stripAnsi(output);
  const total = text.match(/Files=\d+, Tests=(\d+)/);
  if (!total) return undefined;
  const failed = [...text.matchAll(/Failed (\d+)\/\d+ subtests/g)].reduce((sum, m) => sum + Number(m[1]), 0);
  return { passed: Number(total[1]) - failed, failed, skipped: 0 };
}

/** Playwright list reporter: "  12 passed (30s)", "  1 failed", "  2 skipped", "  1 flaky". */
function countPlaywright(output: string): Counts | undefined {
  const text = stripAnsi(output);
  if (!/\d+ (passed|failed)/.test(text)) return undefined;
  const last = (re: RegExp) => {
    const all = [...text.matchAll(re)];
    return all.length ? Number(all[all.length - 1]![1]) : 0;
  };
  return {
    passed: last(/^\s+(\d+) passed/gm) + last(/^\s+(\d+) flaky/gm),
    failed: last(/^\s+(\d+) failed/gm),
    skipped: last(/^\s+(\d+) skipped/gm),
  };
}

const TEST_ENV = { STACK_INSTANCE: 'test' };
// The integration and e2e suites reuse the stack this script starts instead of starting their own.
const REUSE_ENV = { ...TEST_ENV, STACK_REUSE: '1' };

const steps: Step[] = [
  { name: 'typecheck', command: 'npm', args: ['run', '--silent', 'typecheck'] },
  { name: 'lint', command: 'npm', args: ['run', '--silent', 'lint'] },
  { name: 'unit (vitest)', command: 'npx', args: ['vitest', 'run', '--project', 'unit'], count: countVitest },
  { name: 'tooling (vitest)', command: 'npx', args: ['vitest', 'run', '--project', 'tooling'], count: countVitest },
  { name: 'functions (deno test)', command: 'npm', args: ['run', '--silent', 'test:functions'], count: countDeno },
  { name: 'start test stack', command: 'npx', args: ['tsx', 'scripts/stack/cli.ts', 'reset'], env: TEST_ENV },
  { name: 'database (pg_prove)', command: 'npm', args: ['run', '--silent', 'test:db'], env: REUSE_ENV, count: countPgProve },
  {
    // plpgsql_check over every function of the migrated schema, as `supabase db lint` does on a project.
    name: 'database lint',
    command: 'npx',
    args: ['supabase', 'db', 'lint', '--db-url', `${resolveInstance('test').dbUrl}?sslmode=disable`, '--level', 'warning', '--fail-on', 'warning'],
    env: REUSE_ENV,
  },
  {
    name: 'integration (vitest)',
    command: 'npx',
    args: ['vitest', 'run', '--project', 'integration'],
    env: REUSE_ENV,
    count: countVitest,
  },
  { name: 'end-to-end (playwright)', command: 'npx', args: ['playwright', 'test'], env: REUSE_ENV, count: countPlaywright },
];

const stopStack: Step = { name: 'stop test stack', command: 'npx', args: ['tsx', 'scripts/stack/cli.ts', 'stop'], env: TEST_ENV };

function run(step: Step): Promise<Outcome> {
  const started = performance.now();
  console.log(`\n━━━ ${step.name}: ${step.command} ${step.args.join(' ')}`);
  return new Promise((resolve) => {
    const child = spawn(step.command, step.args, {
      cwd: REPO_ROOT,
      env: { ...process.env, ...step.env, FORCE_COLOR: process.env.CI ? '0' : '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      process.stdout.write(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      process.stderr.write(chunk);
    });
    const finish = (code: number | null) => {
      const counts = step.count?.(output);
      // A runner that exits 0 without a readable summary ran nothing we can vouch for.
      const ok = code === 0 && (!step.count || counts !== undefined);
      resolve({ step, ok, counts, seconds: (performance.now() - started) / 1000 });
    };
    child.on('error', (error) => {
      output += String(error);
      finish(1);
    });
    child.on('close', finish);
  });
}

async function main() {
  // Before any suite: install what they need (or say what to install), never fail halfway.
  if (!ensurePrerequisites()) process.exit(1);
  const outcomes: Outcome[] = [];
  let stackStarted = false;
  try {
    for (const step of steps) {
      const needsStack = step.env === REUSE_ENV;
      if (needsStack && !stackStarted) {
        outcomes.push({ step, ok: false, seconds: 0 });
        console.log(`\n━━━ ${step.name}: skipped, the test stack did not start`);
        continue;
      }
      const outcome = await run(step);
      outcomes.push(outcome);
      if (step.name === 'start test stack') stackStarted = outcome.ok;
    }
  } finally {
    outcomes.push(await run(stopStack));
  }

  let passed = 0;
  let failed = 0;
  let skipped = 0;
  console.log('\n━━━ Summary');
  for (const { step, ok, counts, seconds } of outcomes) {
    const detail = counts ? `${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped` : ok ? 'ok' : 'FAILED';
    console.log(`${ok ? '✔' : '✘'} ${step.name.padEnd(26)} ${detail.padEnd(40)} ${seconds.toFixed(1)} s`);
    if (counts) {
      passed += counts.passed;
      failed += counts.failed;
      skipped += counts.skipped;
    }
    // A failed step without countable tests (typecheck, lint, stack) still counts as one failure.
    if (!ok && (!counts || counts.failed === 0)) failed += 1;
  }
  console.log(`\nTotal: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  process.exit(failed === 0 ? 0 : 1);
}

await main();
