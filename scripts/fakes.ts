/**
 * `npm run fakes` (and `npm run dev -- --with-fakes`): the project's fake Ollama, OpenAI-compatible
 * and LM Studio servers on loopback, so Switchboard can be tried without any AI server or cloud key.
 * They are the test suites' fixtures (supabase/functions/_test/fakes): real HTTP, the real APIs'
 * shapes and CORS, answers made up on the spot. Development tools only: nothing in the app's build
 * or a deployment imports or starts them.
 */
import net from 'node:net';
import { startFakeServers, type FakeServers } from './testing/fake-servers.ts';

/** Stable ports beside the dev stack's, so a connection added once keeps working; a free one if taken. */
const PREFERRED_PORTS = { ollama: 54340, openai: 54341, lmstudio: 54342 } as const;

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer().once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export async function startDevFakes(): Promise<FakeServers> {
  const ports: Partial<Record<keyof typeof PREFERRED_PORTS, number>> = {};
  for (const [name, port] of Object.entries(PREFERRED_PORTS) as [keyof typeof PREFERRED_PORTS, number][]) {
    if (await isFree(port)) ports[name] = port;
  }
  return startFakeServers({ ports });
}

/** What to type in the app's "Add connection" form for each fake. */
export function describeFakes(fakes: FakeServers): string {
  return [
    '  Fake AI servers (made-up answers; add them under Connections → Add connection):',
    `    Ollama             ${fakes.ollama}   kind "Ollama", probe from this browser or the server`,
    `    OpenAI-compatible  ${fakes.openai}   kind "OpenAI-compatible server", API key ${fakes.openaiKey ?? '(none)'}`,
    `    LM Studio          ${fakes.lmstudio}   kind "LM Studio"`,
  ].join('\n');
}

async function main() {
  const fakes = await startDevFakes();
  console.log(`${describeFakes(fakes)}\n\n  Ctrl-C stops them.`);
  const stop = () => void fakes.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
