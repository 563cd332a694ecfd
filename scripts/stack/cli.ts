/**
 * `npm run stack -- <command> [--instance dev|test|bench]`: the local Supabase-compatible stack.
 * The instance defaults to $STACK_INSTANCE, then `dev`.
 */
import { formatError, StackError } from './errors.ts';
import { resolveInstance } from './instance.ts';
import { resetStack, startStack, stopStack } from './lifecycle.ts';
import { showLogs } from './logs.ts';
import { LOGS, type LogName } from './paths.ts';
import { formatStatus, getStatus } from './status.ts';

const USAGE = `Usage: npm run stack -- <command> [options]

Commands:
  start [--fresh]        Start what is not running (Postgres, migrations, PostgREST, auth, functions,
                         gateway) and wait until all of it is ready. --fresh wipes the data first.
  stop                   Stop every process of the stack. Data is kept.
  status [--json]        Parts, URLs and keys.
  reset                  Wipe all data (auth users too), rerun bootstrap, migrations and seed.
  logs [part] [-f] [-n N]  Last N (default 40) lines of ${LOGS.join(', ')}; -f follows.

Options:
  --instance <name>      dev (default; API 54321, DB 54322), test (64321/64322), bench (44321/44322),
                         scratch1 (34321/34322), scratch2 (24321/24322).
                         Also read from STACK_INSTANCE.`;

function parseArgs(argv: string[]) {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--instance' || arg === '-n') flags.set(arg, argv[++i] ?? '');
    else if (arg.startsWith('--instance=')) flags.set('--instance', arg.slice('--instance='.length));
    else if (arg.startsWith('-')) flags.set(arg, true);
    else positional.push(arg);
  }
  return { command: positional[0], rest: positional.slice(1), flags };
}

async function main(): Promise<number> {
  const { command, rest, flags } = parseArgs(process.argv.slice(2));
  const instanceName = flags.get('--instance');
  const instance = resolveInstance(typeof instanceName === 'string' && instanceName ? instanceName : undefined);
  const log = (line: string) => console.log(line);

  switch (command) {
    case 'start': {
      const t0 = performance.now();
      const { status, cold, alreadyRunning } = await startStack(instance, { fresh: flags.has('--fresh'), log });
      const how = alreadyRunning ? 'it was already running' : cold ? 'cold start: new database' : 'warm start';
      console.log(`${formatStatus(status)}\n\nReady in ${((performance.now() - t0) / 1000).toFixed(2)} s (${how}).`);
      return 0;
    }
    case 'stop': {
      const t0 = performance.now();
      const stopped = await stopStack(instance);
      const seconds = ((performance.now() - t0) / 1000).toFixed(2);
      console.log(
        stopped.length
          ? `Stopped the "${instance.name}" stack: ${stopped.join(', ')}. Data kept in ${instance.dataDir}.\nStopped in ${seconds} s.`
          : `The "${instance.name}" stack was not running.`,
      );
      return 0;
    }
    case 'status': {
      const status = await getStatus(instance);
      console.log(flags.has('--json') ? JSON.stringify(status, null, 2) : formatStatus(status));
      return 0;
    }
    case 'reset': {
      const { status } = await resetStack(instance, { log });
      console.log(`${formatStatus(status)}\n\nThe "${instance.name}" database was wiped and rebuilt from supabase/migrations and seed.sql.`);
      return 0;
    }
    case 'logs': {
      const part = rest[0];
      if (part && !(LOGS as readonly string[]).includes(part)) throw new StackError(`Unknown log "${part}". Logs: ${LOGS.join(', ')}.`);
      const lines = Number(flags.get('-n') ?? 40);
      await showLogs(instance, part as LogName | undefined, { follow: flags.has('-f') || flags.has('--follow'), lines: Number.isFinite(lines) ? lines : 40 });
      return 0;
    }
    case undefined:
    case 'help':
      console.log(USAGE);
      return command ? 0 : 1;
    default:
      console.error(`Unknown command "${command}".\n\n${USAGE}`);
      return 1;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`\n${formatError(error)}`);
    process.exit(1);
  },
);
