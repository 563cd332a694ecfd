/**
 * The local stack's settings for the functions are defaults that `supabase/functions/.env` overrides,
 * so a developer can reproduce a hosted deployment's policy locally: a .env with
 * SWITCHBOARD_ALLOW_PRIVATE_ENDPOINTS=false turns private endpoints off, and `server-config` says so.
 * Checked on the environment the supervisor composes, then on a functions host of its own started
 * from that composition (the suite's shared host keeps its defaults: other tests reach loopback fakes).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, type StackInstance } from '../../scripts/stack/instance.ts';
import { functionsHostReady, functionsHostSpec } from '../../scripts/stack/supervisor/functions.ts';
import { anonKey, createTestUser, functionsUrl, instance, type TestUser } from './support/stack.ts';

const tempDirs: string[] = [];

/** A copy of the suite's instance whose functions are read from `functionsDirs`, with its own directory. */
function instanceWith(functionsDirs: string[], functionsPort = instance.functionsPort): StackInstance {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-functions-env-'));
  tempDirs.push(dir);
  return { ...instance, dir, functionsDirs, functionsPort };
}

/** A functions directory holding only a .env with these lines (no functions). */
function dirWithDotenv(lines: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-functions-dotenv-'));
  tempDirs.push(dir);
  fs.writeFileSync(path.join(dir, '.env'), `${lines.join('\n')}\n`);
  return dir;
}

const composedEnv = (target: StackInstance) => functionsHostSpec(target, () => {}).env;

afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('the environment the stack gives the functions', () => {
  it('allows private endpoints by default, on the developer\'s machine', () => {
    expect(composedEnv(instanceWith([dirWithDotenv([])])).SWITCHBOARD_ALLOW_PRIVATE_ENDPOINTS).toBe('true');
  });

  it('lets the functions\' .env turn private endpoints off, as a hosted deployment has them', () => {
    const env = composedEnv(instanceWith([dirWithDotenv(['SWITCHBOARD_ALLOW_PRIVATE_ENDPOINTS=false'])]));
    expect(env.SWITCHBOARD_ALLOW_PRIVATE_ENDPOINTS).toBe('false');
  });

  it('keeps what Supabase injects and the host\'s own settings out of the .env\'s reach', () => {
    const target = instanceWith([dirWithDotenv(['SUPABASE_DB_URL=postgresql://elsewhere/db', 'SWITCHBOARD_FUNCTIONS_PORT=1'])]);
    const env = composedEnv(target);
    expect(env.SUPABASE_DB_URL).toBe(instance.dbUrl);
    expect(env.SWITCHBOARD_FUNCTIONS_PORT).toBe(String(instance.functionsPort));
  });
});

describe('server-config on a functions host whose .env turns private endpoints off', () => {
  let host: ChildProcess | undefined;
  let hostPort = 0;
  let output = '';
  let user: TestUser;

  beforeAll(async () => {
    user = await createTestUser();
    hostPort = await freePort();
    // The project's functions (and its .env, if the developer has one), then a .env that says false.
    const target = instanceWith([path.join(REPO_ROOT, 'supabase', 'functions'), dirWithDotenv(['SWITCHBOARD_ALLOW_PRIVATE_ENDPOINTS=false'])], hostPort);
    const spec = functionsHostSpec(target, () => {});
    host = spawn(spec.command, spec.args, { cwd: spec.cwd, env: spec.env, stdio: ['ignore', 'pipe', 'pipe'] });
    host.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    host.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 30_000;
    while (!(await functionsHostReady(target))) {
      if (host.exitCode !== null || Date.now() > deadline) throw new Error(`The second functions host did not start:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }, 60_000);

  afterAll(async () => {
    if (!host || host.exitCode !== null) return;
    const exited = new Promise((resolve) => host!.once('exit', resolve));
    host.kill('SIGTERM');
    await exited;
  });

  const serverConfig = async (url: string) => {
    const response = await fetch(url, { headers: { apikey: anonKey, Authorization: `Bearer ${user.session.access_token}` } });
    expect(response.status).toBe(200);
    return (await response.json()) as { allow_private_endpoints: boolean };
  };

  it('reports private endpoints off, where the suite\'s own host (no such line) reports them on', async () => {
    expect((await serverConfig(`http://127.0.0.1:${hostPort}/server-config`)).allow_private_endpoints).toBe(false);
    expect((await serverConfig(`${functionsUrl}/server-config`)).allow_private_endpoints).toBe(true);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
