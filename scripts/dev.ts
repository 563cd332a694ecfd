/**
 * `npm run dev`: the local stack (started if it is not running) and the Vite dev server, in one
 * command. Ctrl-C stops Vite only; the stack keeps running for the next `npm run dev` (start is
 * idempotent and takes a moment when everything already runs). `npm run stack -- stop` stops it.
 * `npm run dev -- --with-fakes` also runs the fake AI servers (scripts/fakes.ts) until Ctrl-C.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { formatError } from './stack/errors.ts';
import { REPO_ROOT, resolveInstance } from './stack/instance.ts';
import { startStack } from './stack/lifecycle.ts';
import { describeFakes, startDevFakes } from './fakes.ts';

const instance = resolveInstance('dev');

async function main(): Promise<number> {
  const unknown = process.argv.slice(2).filter((arg) => arg !== '--with-fakes');
  if (unknown.length) throw new Error(`Unknown option ${unknown.join(' ')}; the only one is --with-fakes.`);
  console.log(`Starting the local Supabase-compatible stack ("${instance.name}")...`);
  const [{ cold, timings }, fakes] = await Promise.all([
    startStack(instance, { log: (line) => console.log(`  ${line}`) }),
    process.argv.includes('--with-fakes') ? startDevFakes() : undefined,
  ]);
  console.log(`  Stack ready in ${timings.total?.toFixed(1)} s${cold ? ' (new database: migrations and seed applied)' : ''}.\n`);

  const vite = spawn(path.join(REPO_ROOT, 'node_modules', '.bin', 'vite'), ['--host', '127.0.0.1', '--port', '5173'], {
    cwd: REPO_ROOT,
    // The app talks to this stack, whatever a shell variable says; .env.development holds the same.
    env: { ...process.env, VITE_SUPABASE_URL: instance.apiUrl, VITE_SUPABASE_ANON_KEY: instance.anonKey },
    stdio: ['inherit', 'pipe', 'inherit'],
  });

  let announced = false;
  vite.stdout.on('data', (chunk: Buffer) => {
    process.stdout.write(chunk);
    // Vite prints "Local:   http://127.0.0.1:5173/" once it listens (on another port if 5173 is taken).
    const url = /Local:\s+(http:\/\/\S+)/.exec(stripVTControlCharacters(chunk.toString()))?.[1];
    if (url && !announced) {
      announced = true;
      console.log(
        [
          '',
          `  Switchboard:  ${url}`,
          `  API:          ${instance.apiUrl}  (REST /rest/v1, Auth /auth/v1, Functions /functions/v1)`,
          `  Database:     ${instance.dbUrl}`,
          '  Accounts:     sign in as demo@switchboard.local / switchboard-demo, or sign up with any email',
          '                and a password of 6+ characters (no confirmation email locally).',
          ...(fakes ? ['', describeFakes(fakes)] : ['  No AI server at hand? `npm run dev -- --with-fakes` also runs fake ones.']),
          '  Ctrl-C stops Vite; the stack keeps running (npm run stack -- status | logs | stop).',
          '',
        ].join('\n'),
      );
    }
  });

  // Ctrl-C reaches Vite too (same process group); wait for it to exit rather than dying first.
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => vite.kill('SIGTERM'));
  const code = await new Promise<number>((resolve) => vite.on('close', (status) => resolve(status ?? 0)));
  await fakes?.stop();
  console.log(`\nVite stopped. The "${instance.name}" stack is still running at ${instance.apiUrl}; \`npm run stack -- stop\` stops it.`);
  return code;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`\n${formatError(error)}`);
    process.exit(1);
  },
);
