/**
 * Runs the fake AI servers as a process, for Node-side tests (integration, Playwright, benchmarks):
 *
 *   node_modules/.bin/deno run --config supabase/functions/deno.json --allow-net=127.0.0.1,[::1] \
 *     supabase/functions/_test/fakes/serve-fakes.ts [--ollama-port N] [--openai-port N] [--lmstudio-port N] \
 *     [--models N] [--openai-key KEY | --no-auth] [--mode MODE] [--ipv6] [--stdin-lifeline]
 *
 * Ports default to 0 (free ports). When the servers listen, one JSON line is printed on stdout:
 *   {"ollama":"http://127.0.0.1:41001","openai":"http://127.0.0.1:41002","lmstudio":"...","openaiKey":"sk-..."}
 * Wait for that line, then drive the servers over HTTP (`POST /__control {"mode":"hang"}` or the
 * `/__fake/mode=...` path prefix; see fake-server.ts). SIGINT/SIGTERM stops them; with
 * --stdin-lifeline, so does the parent closing our stdin (no orphan if the parent dies). Leave it
 * off when spawning with stdin ignored (/dev/null reads as closed at once).
 */
import { FAKE_MODES, type FakeMode } from './fake-server.ts';
import { startFakeLmStudio } from './lmstudio.ts';
import { startFakeOllama } from './ollama.ts';
import { FAKE_OPENAI_KEY, startFakeOpenAI } from './openai.ts';

function parseArgs(args: string[]): Map<string, string | true> {
  const result = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--')) throw new Error(`Unexpected argument: ${arg}`);
    const [name, inline] = arg.slice(2).split('=', 2);
    if (inline !== undefined) result.set(name, inline);
    else if (args[i + 1] !== undefined && !args[i + 1].startsWith('--')) result.set(name, args[++i]);
    else result.set(name, true);
  }
  return result;
}

function portArg(value: string | true | undefined): number {
  if (value === undefined) return 0;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Not a port: ${String(value)}`);
  return port;
}

if (import.meta.main) {
  const args = parseArgs(Deno.args);
  const mode = args.get('mode');
  if (mode !== undefined && !(FAKE_MODES as readonly unknown[]).includes(mode)) {
    throw new Error(`Unknown --mode; use one of ${FAKE_MODES.join(', ')}`);
  }
  const modelCount = args.has('models') ? Number(args.get('models')) : undefined;
  const hostname = args.get('ipv6') ? '::1' : '127.0.0.1';
  const openaiKey = args.get('no-auth') ? null : String(args.get('openai-key') ?? FAKE_OPENAI_KEY);

  const ollama = startFakeOllama({
    hostname,
    port: portArg(args.get('ollama-port')),
    modelCount,
    mode: mode as FakeMode,
  });
  const openai = startFakeOpenAI({
    hostname,
    port: portArg(args.get('openai-port')),
    modelCount,
    mode: mode as FakeMode,
    apiKey: openaiKey,
  });

  const lmstudio = startFakeLmStudio({ hostname, port: portArg(args.get('lmstudio-port')), mode: mode as FakeMode });

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await Promise.all([ollama.close(), openai.close(), lmstudio.close()]);
    Deno.exit(0);
  };
  Deno.addSignalListener('SIGINT', stop);
  Deno.addSignalListener('SIGTERM', stop);
  console.log(JSON.stringify({ ollama: ollama.url, openai: openai.url, lmstudio: lmstudio.url, openaiKey }));

  // The parent going away closes our stdin: stop rather than linger as an orphan.
  if (args.has('stdin-lifeline')) {
    (async () => {
      const buffer = new Uint8Array(1024);
      try {
        while ((await Deno.stdin.read(buffer)) !== null) { /* ignore input */ }
      } catch { /* stdin unavailable */ }
      await stop();
    })();
  }
}
