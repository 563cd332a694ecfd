/**
 * The functions host: ONE Deno process that serves every Edge Function, standing in for Supabase's
 * edge runtime (which needs Docker). Run by the supervisor with `deno run`, never by Node.
 *
 * Each function's index.ts is imported once; the handler it gives `Deno.serve` (or its
 * `export default { fetch }`) is captured instead of opening a port, and requests for
 * `/<name>/...` are routed to it, the path unchanged, as the edge runtime does. A module that fails
 * to import answers 503 BOOT_ERROR (the edge runtime's answer) with the reason, and the others keep
 * working. JWT verification (`verify_jwt`) happens in the gateway, before a request gets here.
 *
 * Written against a minimal local view of the Deno namespace so that it also type-checks with the
 * repo's Node tsconfig.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

type Handler = (request: Request, info: unknown) => Response | Promise<Response>;

interface DenoNamespace {
  serve: (...args: unknown[]) => unknown;
  env: { get(key: string): string | undefined; delete(key: string): void };
}

const Deno = (globalThis as unknown as { Deno: DenoNamespace }).Deno;

// Internal settings arrive as env vars; remove them so functions see only what Supabase injects.
const takeEnv = (key: string) => {
  const value = Deno.env.get(key);
  Deno.env.delete(key);
  return value;
};
const functionDirs = JSON.parse(takeEnv('SWITCHBOARD_FUNCTIONS_DIRS') ?? '[]') as string[];
const disabled = new Set(JSON.parse(takeEnv('SWITCHBOARD_FUNCTIONS_DISABLED') ?? '[]') as string[]);
const port = Number(takeEnv('SWITCHBOARD_FUNCTIONS_PORT'));
takeEnv('SWITCHBOARD_STACK_DIR');

interface FunctionEntry {
  name: string;
  file: string;
  state: 'loading' | 'ready' | 'failed';
  handler?: Handler;
  error?: string;
  loaded: Promise<void>;
  markLoaded: () => void;
}

const functions = new Map<string, FunctionEntry>();

function discover(): void {
  for (const dir of functionDirs) {
    if (!fs.existsSync(dir)) continue;
    for (const dirent of fs.readdirSync(dir, { withFileTypes: true })) {
      const name = dirent.name;
      // `_shared` and friends are libraries, not functions (Supabase skips them the same way).
      if (!dirent.isDirectory() || name.startsWith('_') || name.startsWith('.') || disabled.has(name)) continue;
      const file = ['index.ts', 'index.js', 'index.mjs', 'index.tsx'].map((f) => path.join(dir, name, f)).find((f) => fs.existsSync(f));
      if (!file) continue;
      if (functions.has(name)) {
        console.warn(`[functions] ${name}: defined twice, serving ${functions.get(name)!.file} and ignoring ${file}`);
        continue;
      }
      let markLoaded = () => {};
      const loaded = new Promise<void>((resolve) => (markLoaded = resolve));
      functions.set(name, { name, file, state: 'loading', loaded, markLoaded });
    }
  }
}

// --- Capturing Deno.serve -------------------------------------------------------------------
const realServe = Deno.serve.bind(Deno);
let importing: FunctionEntry | undefined;

function pickHandler(args: unknown[]): Handler | undefined {
  for (const arg of args) {
    if (typeof arg === 'function') return arg as Handler;
    const handler = (arg as { handler?: unknown } | undefined)?.handler;
    if (typeof handler === 'function') return handler as Handler;
  }
  return undefined;
}

/** What Deno.serve returns, minus the port: enough for code that awaits `finished` or calls shutdown(). */
function standInServer() {
  return {
    finished: new Promise<void>(() => {}),
    addr: { transport: 'tcp', hostname: '127.0.0.1', port },
    ref() {},
    unref() {},
    shutdown: () => Promise.resolve(),
    [Symbol.asyncDispose]: () => Promise.resolve(),
  };
}

Deno.serve = (...args: unknown[]) => {
  const handler = pickHandler(args);
  if (!importing) {
    console.warn('[functions] Deno.serve() called outside a function module\'s top level; ignored.');
  } else if (!handler) {
    console.warn(`[functions] ${importing.name}: Deno.serve() called without a handler; ignored.`);
  } else {
    importing.handler = handler;
  }
  return standInServer();
};

async function loadAll(): Promise<void> {
  // One at a time: a Deno.serve() call is attributed to the module being imported.
  for (const entry of functions.values()) {
    importing = entry;
    try {
      const module = (await import(pathToFileURL(entry.file).href)) as { default?: { fetch?: unknown } };
      const fetchExport = module.default?.fetch;
      if (!entry.handler && typeof fetchExport === 'function') entry.handler = fetchExport.bind(module.default) as Handler;
      if (entry.handler) {
        entry.state = 'ready';
      } else {
        entry.state = 'failed';
        entry.error = 'the module neither calls Deno.serve() nor has `export default { fetch }`';
      }
    } catch (error) {
      entry.state = 'failed';
      entry.error = error instanceof Error ? (error.stack ?? error.message) : String(error);
    } finally {
      importing = undefined;
    }
    if (entry.state === 'failed') console.error(`[functions] ${entry.name}: failed to load ${entry.file}\n${entry.error}`);
    else console.log(`[functions] ${entry.name}: loaded`);
    entry.markLoaded();
  }
}

// --- Serving ------------------------------------------------------------------------------------
const json = (body: unknown, status: number) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

async function route(request: Request, info: unknown): Promise<Response> {
  const { pathname } = new URL(request.url);
  if (pathname === '/_internal/health') {
    const report = Object.fromEntries(
      [...functions.values()].map((f) => [f.name, f.state === 'failed' ? `failed: ${f.error?.split('\n')[0]}` : f.state]),
    );
    return json({ message: 'ok', functions: report }, 200);
  }
  const name = pathname.split('/')[1] ?? '';
  const entry = functions.get(name);
  // The edge runtime's exact answer for an unknown function.
  if (!entry) return new Response('Function not found', { status: 404, headers: { 'content-type': 'text/plain' } });
  await entry.loaded;
  if (!entry.handler) {
    return json(
      {
        code: 'BOOT_ERROR',
        message: 'Worker failed to boot (please check logs)',
        // Local only: the reason, so nobody has to dig through logs for a syntax error.
        detail: `Function "${name}" failed to load: ${entry.error?.split('\n')[0]}`,
      },
      503,
    );
  }
  try {
    return await entry.handler(request, info);
  } catch (error) {
    console.error(`[functions] ${name}: uncaught error while handling ${request.method} ${pathname}\n`, error);
    return json({ code: 'WORKER_ERROR', message: 'Function exited due to an error (please check logs)' }, 500);
  }
}

// The edge runtime isolates each function in its own worker; here they share a process, so one
// function's unhandled rejection must not take the others down. Report it and carry on.
globalThis.addEventListener('unhandledrejection', (event) => {
  event.preventDefault();
  console.error('[functions] unhandled promise rejection:', event.reason);
});
globalThis.addEventListener('error', (event) => {
  event.preventDefault();
  console.error('[functions] uncaught exception:', event.error);
});

discover();
realServe(
  {
    hostname: '127.0.0.1',
    port,
    onListen: () => console.log(`[functions] host listening on 127.0.0.1:${port}; functions: ${[...functions.keys()].join(', ') || '(none)'}`),
  },
  route,
);
void loadAll();
