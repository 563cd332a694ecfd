import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../stack/instance.ts';

/**
 * The fake Ollama, OpenAI-compatible and LM Studio servers (supabase/functions/_test/fakes), on
 * loopback, as one Deno process: for the integration and end-to-end suites and the benchmarks.
 */
type FakeName = 'ollama' | 'openai' | 'lmstudio';

export interface FakeServers {
  ollama: string;
  openai: string;
  lmstudio: string;
  openaiKey: string | null;
  /** Switches a server's failure mode ("ok", "hang", "server_error", ...) through its control endpoint. */
  setMode(server: FakeName, mode: string): Promise<void>;
  /** Sets any of a server's state (e.g. { loadDelayMs: 1500, failLoad: "llama3.2:latest" }). */
  set(server: FakeName, patch: Record<string, unknown>): Promise<void>;
  /** Back to the server's starting state: nothing loaded or deleted, mode ok. */
  reset(server: FakeName): Promise<void>;
  stop(): Promise<void>;
}

export interface FakeServerOptions {
  /** Models each list holds (serve-fakes --models). */
  models?: number;
  /** The OpenAI fake accepts any key (or none). */
  noAuth?: boolean;
  /** Fixed ports (0 or absent: a free one). */
  ports?: Partial<Record<FakeName, number>>;
}

const DENO = path.join(REPO_ROOT, 'node_modules', '.bin', 'deno');

/** Starts the fakes as a Deno process and waits for the line announcing their URLs. */
export async function startFakeServers(options: FakeServerOptions = {}): Promise<FakeServers> {
  const child: ChildProcessWithoutNullStreams = spawn(
    DENO,
    [
      'run',
      '--config',
      path.join(REPO_ROOT, 'supabase', 'functions', 'deno.json'),
      '--allow-net=127.0.0.1,[::1]',
      path.join(REPO_ROOT, 'supabase', 'functions', '_test', 'fakes', 'serve-fakes.ts'),
      ...(options.models !== undefined ? ['--models', String(options.models)] : []),
      ...(options.noAuth ? ['--no-auth'] : []),
      ...Object.entries(options.ports ?? {}).flatMap(([name, port]) => [`--${name}-port`, String(port)]),
      // Our closing its stdin stops it, so it never outlives this process.
      '--stdin-lifeline',
    ],
    { cwd: REPO_ROOT, env: { ...process.env, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1' } },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const announced = await new Promise<{ ollama: string; openai: string; lmstudio: string; openaiKey: string | null }>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`The fake servers did not start within 60 s. ${stderr}`)), 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n').find((l) => l.trim().startsWith('{'));
      if (!line) return;
      clearTimeout(timer);
      resolve(JSON.parse(line) as { ollama: string; openai: string; lmstudio: string; openaiKey: string | null });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The fake servers exited (code ${code}) before starting. ${stderr}`));
    });
  });

  const control = async (server: FakeName, path: string, body: unknown) => {
    const response = await fetch(`${announced[server]}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`Controlling the fake ${server} failed: HTTP ${response.status} ${await response.text()}`);
  };
  return {
    ...announced,
    setMode: (server, mode) => control(server, '/__control', { mode }),
    set: (server, patch) => control(server, '/__control', patch),
    reset: (server) => control(server, '/__control/reset', {}),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      // Closing stdin stops the fakes (they watch it), SIGTERM in case they do not notice.
      child.stdin.end();
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
