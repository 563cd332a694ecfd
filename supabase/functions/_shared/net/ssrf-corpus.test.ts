/**
 * The SSRF corpus (issue 11): hostile base URLs and redirect chains, run through the real
 * discovery, health, runtime and generate handlers with private endpoints OFF, as on a hosted
 * deployment. Every one must be refused with a 4xx (or, for health, a recorded unhealthy check),
 * never a 5xx, and no forbidden hop may ever be contacted.
 *
 * How "private endpoints off" coexists with fakes that live on loopback: the handlers get an
 * injected resolver and transport (FunctionDeps.fetchOptions). The resolver answers from a table
 * (`*.public.test` is a public address; a few names resolve to private ones) and never asks real
 * DNS. The transport is the only thing that puts a request on the wire, and it only ever dials
 * loopback: requests to the public test hosts go to the fake Ollama or to a redirector; anything
 * else (a host the guard should have refused, or a hop past the redirect limit) goes to a "trap"
 * server that counts what reached it. Nothing here can send a packet off this machine.
 */
import assert from 'node:assert/strict';
import { startFakeOllama } from '../../_test/fakes/ollama.ts';
import { ALICE, connection, FakeWorld, OLLAMA_KIND, post } from '../../_test/fake-world.ts';
import { createDiscoveryHandler } from '../handlers/discovery-handler.ts';
import { createGenerateHandler } from '../handlers/generate-handler.ts';
import { createHealthHandler } from '../handlers/health-handler.ts';
import { createRuntimeHandler } from '../handlers/runtime-handler.ts';
import type { ConnectionRecord } from '../connections/ports.ts';
import { handle } from '../http.ts';
import { DnsLookupError } from './ssrf.ts';

const LLAMA = 'llama3.2:latest';
/** What the resolver says the public test hosts are (no request ever goes there: see the transport). */
const PUBLIC_ADDRESS = '93.184.216.34';

// ---------------------------------------------------------------------------------------------
// The loopback world: the fake Ollama (a real upstream), a redirector and a trap.
// ---------------------------------------------------------------------------------------------

/** Where a request for a URL is really sent, and what was asked for (the URL the guard approved). */
const ORIGINAL_URL_HEADER = 'x-corpus-original-url';

interface LoopbackServer {
  url: string;
  close(): Promise<void>;
}

/** Counts every request that reaches it: each one is a forbidden hop the guard let through. */
function startTrap(): LoopbackServer & { hits: string[] } {
  const hits: string[] = [];
  const server = Deno.serve({ hostname: '127.0.0.1', port: 0, onListen: () => {} }, (request) => {
    hits.push(request.headers.get(ORIGINAL_URL_HEADER) ?? request.url);
    // A perfectly good model list, so a leak would look like success to the code under test.
    return Response.json({ models: [{ name: 'leaked:latest', model: 'leaked:latest', size: 1 }] });
  });
  return { url: `http://127.0.0.1:${server.addr.port}`, hits, close: () => server.shutdown() };
}

/**
 * Answers each public redirect host with a redirect to `redirects[host]` (any path; `{path}` in
 * it stands for the path asked for), the way a hostile or misconfigured server would. A host
 * without an entry answers 404.
 */
function startRedirector(redirects: Readonly<Record<string, string>>): LoopbackServer {
  const server = Deno.serve({ hostname: '127.0.0.1', port: 0, onListen: () => {} }, (request) => {
    const original = new URL(request.headers.get(ORIGINAL_URL_HEADER) ?? request.url);
    const location = redirects[original.hostname]?.replace('{path}', `${original.pathname}${original.search}`);
    if (!location) return new Response('no such redirect', { status: 404 });
    return new Response(null, { status: 302, headers: { location } });
  });
  return { url: `http://127.0.0.1:${server.addr.port}`, close: () => server.shutdown() };
}

// ---------------------------------------------------------------------------------------------
// The corpus
// ---------------------------------------------------------------------------------------------

/** Public hosts that answer as a healthy Ollama. */
const OLLAMA_HOST = 'ok.public.test';
/** Public hosts that exist only to redirect (their targets are below). */
const LIMIT = 'beyond-limit.public.test';
const REDIRECTS: Record<string, string> = {
  'to-metadata.public.test': 'http://169.254.169.254/latest/meta-data/iam/security-credentials/',
  'to-metadata-decimal.public.test': 'http://2852039166/latest/meta-data/',
  'to-metadata-name.public.test': 'http://metadata.google.internal/computeMetadata/v1/',
  'to-metadata-v6.public.test': 'http://[fd00:ec2::254]/latest/meta-data/',
  'to-loopback.public.test': 'http://127.0.0.1:11434/api/tags',
  'to-loopback-short.public.test': 'http://127.1/api/tags',
  'to-localhost.public.test': 'http://localhost:11434/api/tags',
  'to-mapped-loopback.public.test': 'http://[::ffff:127.0.0.1]/api/tags',
  'to-private.public.test': 'http://10.0.0.1/api/tags',
  'to-lan.public.test': 'http://192.168.1.1/api/tags',
  'to-rebinding-name.public.test': 'http://rebind.test/api/tags',
  'to-protocol-relative.public.test': '//127.0.0.1/api/tags',
  'to-file.public.test': 'file:///etc/passwd',
  'to-gopher.public.test': 'gopher://127.0.0.1:6379/_INFO',
  'to-ftp.public.test': 'ftp://ok.public.test/models',
  'to-credentials.public.test': `http://user:secret@${OLLAMA_HOST}/api/tags`,
  // Three allowed hops, then a forbidden target.
  'chain-1.public.test': 'http://chain-2.public.test{path}',
  'chain-2.public.test': 'http://chain-3.public.test{path}',
  'chain-3.public.test': 'http://169.254.169.254/latest/meta-data/',
  // More than 3 redirects: the 4th redirect's target must never be contacted.
  'hops-1.public.test': 'http://hops-2.public.test{path}',
  'hops-2.public.test': 'http://hops-3.public.test{path}',
  'hops-3.public.test': 'http://hops-4.public.test{path}',
  'hops-4.public.test': `http://${LIMIT}{path}`,
  // A loop: each host must be contacted once per request, never again.
  'loop-a.public.test': 'http://loop-b.public.test{path}',
  'loop-b.public.test': 'http://loop-a.public.test{path}',
};

/** Names whose DNS answers are private (or mixed): refused after resolving, before connecting. */
const PRIVATE_DNS: Record<string, string[]> = {
  'rebind.test': ['10.0.0.5'],
  'mixed.test': [PUBLIC_ADDRESS, '127.0.0.1'],
  'metadata-alias.test': ['169.254.169.254'],
  'ula.test': ['fd12:3456::1'],
  'mapped.test': ['::ffff:10.0.0.1'],
  'cgnat.test': ['100.64.0.1'],
};

function isPublicTestHost(hostname: string): boolean {
  return hostname === OLLAMA_HOST || hostname in REDIRECTS || hostname === LIMIT;
}

/** The table resolver: public test hosts, the private names above, nothing else (no real DNS). */
async function resolve(hostname: string): Promise<string[]> {
  await Promise.resolve();
  const name = hostname.toLowerCase();
  if (isPublicTestHost(name)) return [PUBLIC_ADDRESS];
  if (name in PRIVATE_DNS) return PRIVATE_DNS[name];
  throw new DnsLookupError(hostname);
}

interface CorpusEntry {
  url: string;
  why: string;
}

/** Base URLs refused before any request: loopback, metadata, private ranges, schemes, userinfo. */
const REFUSED_BASE_URLS: CorpusEntry[] = [
  // Loopback in every spelling.
  { url: 'http://127.0.0.1:11434', why: 'loopback' },
  { url: 'http://127.1:11434', why: 'loopback, short form' },
  { url: 'http://127.0.1', why: 'loopback, three parts' },
  { url: 'http://2130706433', why: 'loopback, decimal' },
  { url: 'http://0x7f000001', why: 'loopback, hex' },
  { url: 'http://0x7f.0.0.1', why: 'loopback, hex first part' },
  { url: 'http://0177.0.0.1', why: 'loopback, octal' },
  { url: 'http://017700000001', why: 'loopback, octal whole' },
  { url: 'http://127.000.000.001', why: 'loopback, zero-padded' },
  { url: 'http://0', why: '0.0.0.0, short' },
  { url: 'http://0.0.0.0:11434', why: 'unspecified address' },
  { url: 'http://[::1]:11434', why: 'IPv6 loopback' },
  { url: 'http://[0:0:0:0:0:0:0:1]', why: 'IPv6 loopback, long' },
  { url: 'http://[0000:0000:0000:0000:0000:0000:0000:0001]', why: 'IPv6 loopback, zero-padded' },
  { url: 'http://[::]', why: 'IPv6 unspecified' },
  { url: 'http://[::ffff:127.0.0.1]', why: 'IPv4-mapped loopback' },
  { url: 'http://[::ffff:7f00:1]', why: 'IPv4-mapped loopback, hex' },
  { url: 'http://[0:0:0:0:0:ffff:127.0.0.1]', why: 'IPv4-mapped loopback, long' },
  { url: 'http://[::127.0.0.1]', why: 'IPv4-compatible loopback' },
  { url: 'http://localhost:11434', why: 'localhost' },
  { url: 'http://LOCALHOST', why: 'localhost, upper case' },
  { url: 'http://localhost.', why: 'localhost, trailing dot' },
  { url: 'http://api.localhost', why: 'a .localhost name' },
  { url: 'http://127.0.0.1.', why: 'loopback, trailing dot' },
  { url: 'HTTP://127.0.0.1', why: 'upper-case scheme' },
  { url: 'http://%31%32%37.0.0.1', why: 'loopback, percent-encoded' },
  { url: 'http://\uff11\uff12\uff17.\uff10.\uff10.\uff11', why: 'loopback, full-width digits (IDN)' },
  { url: 'http://127\u30020\u30020\u30021', why: 'loopback, ideographic full stops' },
  { url: 'http://\u24db\u24de\u24d2\u24d0\u24db\u24d7\u24de\u24e2\u24e3', why: 'localhost in circled letters (IDN)' },
  { url: ' http://127.0.0.1 ', why: 'loopback with surrounding spaces' },
  // Cloud metadata in every spelling (refused even where private endpoints are allowed).
  { url: 'http://169.254.169.254', why: 'metadata' },
  { url: 'http://2852039166', why: 'metadata, decimal' },
  { url: 'http://0xa9fea9fe', why: 'metadata, hex' },
  { url: 'http://0xA9.0xFE.0xA9.0xFE', why: 'metadata, hex parts, upper case' },
  { url: 'http://0251.0376.0251.0376', why: 'metadata, octal' },
  { url: 'http://169.254.43518', why: 'metadata, three parts' },
  { url: 'http://169.254.169.254.', why: 'metadata, trailing dot' },
  { url: 'http://%31%36%39.254.169.254', why: 'metadata, percent-encoded' },
  { url: 'http://\uff11\uff16\uff19.\uff12\uff15\uff14.\uff11\uff16\uff19.\uff12\uff15\uff14', why: 'metadata, full-width digits' },
  { url: 'http://[::ffff:169.254.169.254]', why: 'metadata, IPv4-mapped' },
  { url: 'http://[::ffff:a9fe:a9fe]', why: 'metadata, IPv4-mapped hex' },
  { url: 'http://[::169.254.169.254]', why: 'metadata, IPv4-compatible' },
  { url: 'http://[fd00:ec2::254]', why: 'AWS metadata over IPv6' },
  { url: 'http://[FD00:0EC2:0000:0000:0000:0000:0000:0254]', why: 'AWS metadata over IPv6, zero-padded, upper case' },
  { url: 'http://metadata.google.internal', why: 'GCP metadata name' },
  { url: 'http://METADATA.GOOGLE.INTERNAL.', why: 'GCP metadata name, upper case, trailing dot' },
  { url: 'http://computeMetadata.metadata.google.internal', why: 'subdomain of a metadata name' },
  { url: 'http://metadata', why: 'bare metadata name' },
  { url: 'http://instance-data', why: 'EC2 instance-data name' },
  { url: 'http://169.254.170.2', why: 'ECS task metadata' },
  { url: 'http://100.100.100.200', why: 'Alibaba metadata' },
  { url: 'http://metadata-alias.test', why: 'a name that resolves to metadata' },
  // Private, CGNAT, link-local, unique-local, multicast, broadcast.
  { url: 'http://10.0.0.1', why: 'private 10/8' },
  { url: 'http://10.255.255.255', why: 'private 10/8, top' },
  { url: 'http://172.16.0.1', why: 'private 172.16/12' },
  { url: 'http://172.31.255.254', why: 'private 172.16/12, top' },
  { url: 'http://192.168.1.1', why: 'private 192.168/16' },
  { url: 'http://0xc0a80101', why: 'private 192.168/16, hex' },
  { url: 'http://100.64.0.1', why: 'CGNAT' },
  { url: 'http://100.127.255.254', why: 'CGNAT, top' },
  { url: 'http://169.254.1.1', why: 'link-local' },
  { url: 'http://[fe80::1]', why: 'IPv6 link-local' },
  { url: 'http://[fc00::1]', why: 'IPv6 unique-local' },
  { url: 'http://[fd12:3456::1]', why: 'IPv6 unique-local' },
  { url: 'http://[::ffff:10.0.0.1]', why: 'IPv4-mapped private' },
  { url: 'http://224.0.0.1', why: 'multicast' },
  { url: 'http://[ff02::1]', why: 'IPv6 multicast' },
  { url: 'http://255.255.255.255', why: 'broadcast' },
  { url: 'http://rebind.test', why: 'a name that resolves to a private address' },
  { url: 'http://mixed.test', why: 'a name with one public and one loopback answer' },
  { url: 'http://ula.test', why: 'a name that resolves to a unique-local address' },
  { url: 'http://mapped.test', why: 'a name that resolves to an IPv4-mapped private address' },
  { url: 'http://cgnat.test', why: 'a name that resolves to CGNAT' },
  // Schemes other than http(s).
  { url: 'file:///etc/passwd', why: 'file scheme' },
  { url: 'gopher://127.0.0.1:6379/_INFO', why: 'gopher scheme' },
  { url: 'ftp://ok.public.test', why: 'ftp scheme' },
  { url: 'dict://127.0.0.1:11211', why: 'dict scheme' },
  { url: 'ws://ok.public.test', why: 'websocket scheme' },
  { url: 'data:text/plain,models', why: 'data scheme' },
  { url: 'javascript:alert(1)', why: 'javascript scheme' },
  { url: 'ldap://127.0.0.1', why: 'ldap scheme' },
  // Userinfo and parser tricks.
  { url: 'http://public@127.0.0.1', why: 'userinfo before loopback' },
  { url: `http://${OLLAMA_HOST}@127.0.0.1`, why: 'a public name as userinfo before loopback' },
  { url: `http://${OLLAMA_HOST}:80@127.0.0.1`, why: 'userinfo with a port-like password' },
  { url: `http://127.0.0.1#@${OLLAMA_HOST}`, why: 'fragment hiding the real host' },
  { url: `http://127.0.0.1\\@${OLLAMA_HOST}`, why: 'backslash: the host is loopback' },
  { url: `http://127.0.0.1%00.${OLLAMA_HOST}`, why: 'NUL in the host' },
  { url: 'http://', why: 'no host' },
  { url: 'not a url', why: 'not a URL' },
];

/** Base URLs whose first hop is public and allowed, and whose redirects must be refused. */
const REDIRECTED_BASE_URLS: Array<CorpusEntry & { upstreamFault?: true }> = [
  ...Object.keys(REDIRECTS)
    .filter((host) => !/^(chain-[23]|hops-[234]|loop-b)\./.test(host))
    .map((host) => ({ url: `http://${host}`, why: `redirects to ${REDIRECTS[host].replace('{path}', '/…')}` }))
    .map((entry) =>
      // Too many hops and loops are the upstream's failure (see refusalIsCorrect), not a refused URL.
      /^http:\/\/(hops-1|loop-a)\./.test(entry.url) ? { ...entry, upstreamFault: true as const } : entry
    ),
];

/**
 * Parser differentials where the URL's real host is public: the request may go there (the
 * transport sends it to the fake Ollama), but never to the loopback address hidden in it.
 */
const PUBLIC_IN_DISGUISE: CorpusEntry[] = [
  { url: `http://${OLLAMA_HOST}\\@127.0.0.1`, why: 'backslash: the host is the public name' },
  { url: `http://${OLLAMA_HOST}#@127.0.0.1`, why: 'fragment after a public host' },
  { url: `http://${OLLAMA_HOST}/@127.0.0.1`, why: 'loopback in the path' },
  // The functions drop a base URL's userinfo when they build the request URL (joinModelsUrl keeps
  // the origin), so these reach the public host without it; the database refuses them at save.
  { url: `http://user:pass@${OLLAMA_HOST}`, why: 'credentials for a public host' },
  { url: `http://127.0.0.1%2f@${OLLAMA_HOST}`, why: 'loopback-looking userinfo (percent-encoded slash) before a public host' },
];

// ---------------------------------------------------------------------------------------------
// Running one base URL through the four handlers
// ---------------------------------------------------------------------------------------------

type Handler = (request: Request) => Response | Promise<Response>;

interface Harness {
  world: FakeWorld;
  trap: ReturnType<typeof startTrap>;
  /** Every URL the transport was asked to fetch, in order. */
  contacted: string[];
  discovery: Handler;
  health: Handler;
  runtime: Handler;
  generate: Handler;
  close(): Promise<void>;
}

function startHarness(): Harness {
  const ollama = startFakeOllama();
  const redirector = startRedirector(REDIRECTS);
  const trap = startTrap();
  const contacted: string[] = [];
  const world = new FakeWorld();
  // A hosted deployment's policy: nothing but public addresses.
  world.env.SWITCHBOARD_ALLOW_PRIVATE_ENDPOINTS = 'false';

  // The one way out: loopback only, and only the fakes. The guard approved `input` already.
  const transport: typeof fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    contacted.push(url.href);
    const host = url.hostname.toLowerCase();
    const upstream = host === OLLAMA_HOST ? ollama.url : host in REDIRECTS ? redirector.url : trap.url;
    const headers = new Headers(init?.headers);
    headers.set(ORIGINAL_URL_HEADER, url.href);
    return fetch(new URL(`${url.pathname}${url.search}`, upstream), { ...init, headers, redirect: 'manual' });
  };
  const deps = world.deps({ fetchOptions: { resolver: resolve, fetch: transport } });
  return {
    world,
    trap,
    contacted,
    discovery: handle(createDiscoveryHandler(deps)),
    health: handle(createHealthHandler(deps)),
    runtime: handle(createRuntimeHandler(deps)),
    generate: handle(createGenerateHandler(deps)),
    async close() {
      await Promise.all([ollama.close(), redirector.close(), trap.close()]);
    },
  };
}

/** One handler's answer, read whole (generate streams NDJSON, the others answer JSON). */
interface Answer {
  fn: string;
  status: number;
  body: unknown;
  text: string;
}

async function answer(fn: string, response: Response): Promise<Answer> {
  const text = await response.text();
  let body: unknown = null;
  try {
    body = (response.headers.get('content-type') ?? '').includes('ndjson')
      ? text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line))
      : JSON.parse(text);
  } catch {
    body = null;
  }
  return { fn, status: response.status, body, text };
}

function isErrorShape(body: unknown): boolean {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return false;
  const keys = Object.keys(body);
  const error = (body as { error?: unknown }).error;
  if (keys.length !== 1 || !error || typeof error !== 'object') return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return typeof code === 'string' && code !== '' && typeof message === 'string' && message !== '';
}

async function runAll(h: Harness, c: ConnectionRecord): Promise<Answer[]> {
  return [
    await answer('discovery', await h.discovery(post(ALICE, { connection_id: c.id }))),
    await answer('health', await h.health(post(ALICE, { connection_ids: [c.id] }))),
    await answer('runtime status', await h.runtime(post(ALICE, { connection_id: c.id, action: 'status' }))),
    await answer('runtime load', await h.runtime(post(ALICE, { connection_id: c.id, action: 'load', model_id: LLAMA }))),
    await answer('generate', await h.generate(post(ALICE, { connection_id: c.id, model_id: LLAMA, prompt: 'Hello' }))),
  ];
}

/**
 * Why an answer is not the refusal the contract asks for, or null when it is.
 *
 * - A URL the policy refuses is what the caller stored: a 4xx in the error shape, never a 5xx.
 * - health reports per connection: 200 with the check recorded as unhealthy counts as refused.
 * - generate answers its stream before it asks the server, so a refusal that only a redirect
 *   reveals may arrive as the stream's final error line (the run is recorded as an error); a
 *   base URL the policy refuses is known before the stream and must be a 4xx.
 * - More than 3 redirects, or a loop, is the contacted upstream failing, not a refused URL: a
 *   502 (with a recorded unhealthy check) is the contract there (preamble: 502 only for an
 *   upstream that was contacted and failed), and a runtime status read answers 200 with
 *   `reachable: false` and the reason (issue 11, item 6). The refusal lies in not following the
 *   next hop.
 */
function refusalProblem(a: Answer, h: Harness, c: ConnectionRecord, kind: 'base' | 'redirect' | 'upstreamFault'): string | null {
  if (a.fn === 'health') {
    if (a.status >= 400 && a.status < 500) return isErrorShape(a.body) ? null : 'a 4xx without the error shape';
    if (a.status !== 200) return `status ${a.status}`;
    const result = (a.body as { results?: Array<{ status: string }> } | null)?.results?.[0];
    if (result?.status !== 'unhealthy') return `the check is ${result?.status ?? 'missing'}, not unhealthy`;
    const recorded = h.world.health.filter((row) => row.connection_id === c.id).at(-1);
    return recorded?.status === 'unhealthy' ? null : 'the unhealthy check was not recorded';
  }
  if (kind === 'upstreamFault' && a.status === 502) return isErrorShape(a.body) ? null : 'a 502 without the error shape';
  if (kind === 'upstreamFault' && a.fn === 'runtime status' && a.status === 200) {
    return (a.body as { reachable?: unknown } | null)?.reachable === false ? null : 'a 200 that does not say the server was unreachable';
  }
  if (a.status >= 400 && a.status < 500) return isErrorShape(a.body) ? null : 'a 4xx without the error shape';
  if (a.fn === 'generate' && kind !== 'base' && a.status === 200 && Array.isArray(a.body)) {
    const last = a.body.at(-1) as { type?: string; error?: unknown; generation?: { id?: string } } | undefined;
    if (last?.type !== 'error' || !isErrorShape({ error: last.error })) return 'the stream did not end with an error line';
    const stored = h.world.generations.get(String(last.generation?.id));
    return stored?.status === 'error' ? null : `the run was recorded as ${stored?.status}`;
  }
  return `status ${a.status}`;
}

/** "discovery → 502 blocked_address: <message>", short enough for one line per problem. */
function describe(a: Answer): string {
  const lines = Array.isArray(a.body) ? a.body : [a.body];
  const error = lines.map((line) => (line as { error?: { code?: string; message?: string } } | null)?.error).find((e) => e);
  const detail = error ? `${error.code}: ${String(error.message).slice(0, 140)}` : a.text.slice(0, 140);
  return `${a.fn} → ${a.status} ${detail}`;
}

/** Prints every problem (an assertion diff would cut the list short), then fails if there is any. */
function assertNoProblems(problems: string[]): void {
  if (problems.length) console.log(`${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
  assert.equal(problems.length, 0, `${problems.length} corpus answers broke the contract (listed above)`);
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

Deno.test('SSRF corpus: the harness reaches a public test host, and its trap counts a forbidden hop', async () => {
  const h = startHarness();
  try {
    // Control: the public host works through every handler, so the refusals below are real ones.
    const c = h.world.add(connection(ALICE, OLLAMA_KIND, { base_url: `http://${OLLAMA_HOST}` }));
    h.world.addRuntimeModels(c.id, [LLAMA]);
    const answers = await runAll(h, c);
    assert.deepEqual(answers.map((a) => [a.fn, a.status]), [
      ['discovery', 200],
      ['health', 200],
      ['runtime status', 200],
      ['runtime load', 200],
      ['generate', 200],
    ]);
    assert.equal((answers[1].body as { results: Array<{ status: string }> }).results[0].status, 'healthy');
    assert.equal(((answers[4].body as Array<{ type: string }>).at(-1))!.type, 'done');
    assert.ok(h.contacted.every((url) => new URL(url).hostname === OLLAMA_HOST), h.contacted.join(', '));

    // With private endpoints on, loopback is allowed: the transport sends it to the trap, which
    // counts it. So a zero below means "never contacted", not "the trap cannot see".
    h.world.env.SWITCHBOARD_ALLOW_PRIVATE_ENDPOINTS = 'true';
    const local = h.world.add(connection(ALICE, OLLAMA_KIND, { base_url: 'http://127.0.0.1:9' }));
    assert.equal((await h.discovery(post(ALICE, { connection_id: local.id }))).status, 200);
    assert.deepEqual(h.trap.hits, ['http://127.0.0.1:9/api/tags']);
  } finally {
    await h.close();
  }
});

Deno.test(`SSRF corpus: ${REFUSED_BASE_URLS.length} refused base URLs, through discovery, health, runtime and generate`, async () => {
  const h = startHarness();
  const problems: string[] = [];
  let requests = 0;
  try {
    for (const entry of REFUSED_BASE_URLS) {
      const c = h.world.add(connection(ALICE, OLLAMA_KIND, { base_url: entry.url }));
      h.world.addRuntimeModels(c.id, [LLAMA]);
      const contactedBefore = h.contacted.length;
      const answers = await runAll(h, c);
      requests += answers.length;
      for (const a of answers) {
        const problem = refusalProblem(a, h, c, 'base');
        if (problem) problems.push(`${JSON.stringify(entry.url)} (${entry.why}): ${problem}: ${describe(a)}`);
      }
      // Refused before any request: the transport was never asked.
      const sent = h.contacted.slice(contactedBefore);
      if (sent.length) problems.push(`${JSON.stringify(entry.url)} (${entry.why}): contacted ${sent.join(', ')}`);
    }
    console.log(`SSRF corpus, base URLs: ${REFUSED_BASE_URLS.length} URLs, ${requests} handler requests, trap hits ${h.trap.hits.length}, problems ${problems.length}`);
    assert.deepEqual(h.trap.hits, [], 'forbidden hops were contacted');
    assertNoProblems(problems);
  } finally {
    await h.close();
  }
});

Deno.test(`SSRF corpus: ${REDIRECTED_BASE_URLS.length} redirect chains from an allowed first hop`, async () => {
  const h = startHarness();
  const problems: string[] = [];
  let requests = 0;
  try {
    for (const entry of REDIRECTED_BASE_URLS) {
      const c = h.world.add(connection(ALICE, OLLAMA_KIND, { base_url: entry.url }));
      h.world.addRuntimeModels(c.id, [LLAMA]);
      const contactedBefore = h.contacted.length;
      const answers = await runAll(h, c);
      requests += answers.length;
      for (const a of answers) {
        const problem = refusalProblem(a, h, c, entry.upstreamFault ? 'upstreamFault' : 'redirect');
        if (problem) problems.push(`${entry.url} (${entry.why}): ${problem}: ${describe(a)}`);
      }
      // Only public redirect hosts, at most 4 hops per request (the first and 3 redirects), and a
      // loop's hosts once each per request.
      const sent = h.contacted.slice(contactedBefore).map((url) => new URL(url).hostname);
      const forbidden = sent.filter((host) => !(host in REDIRECTS));
      if (forbidden.length) problems.push(`${entry.url}: contacted ${forbidden.join(', ')}`);
      // Each exchange starts at the base URL's host; with at most 3 redirects it visits at most 4 hosts.
      const exchanges = sent.filter((host) => host === new URL(entry.url).hostname).length;
      if (sent.length > exchanges * 4) problems.push(`${entry.url}: ${sent.length} hops in ${exchanges} exchanges`);
    }
    // A loop is noticed when it comes back: loop-a and loop-b once each per exchange, never again.
    const visits = (host: string) => h.contacted.filter((url) => new URL(url).hostname === host).length;
    console.log(`SSRF corpus, redirects: ${REDIRECTED_BASE_URLS.length} chains, ${requests} handler requests, trap hits ${h.trap.hits.length}, problems ${problems.length}`);
    assert.deepEqual(h.trap.hits, [], 'forbidden hops were contacted');
    assertNoProblems(problems);
    assert.ok(visits('loop-a.public.test') >= 5, 'every handler followed the loop');
    assert.equal(visits('loop-b.public.test'), visits('loop-a.public.test'));
  } finally {
    await h.close();
  }
});

Deno.test('SSRF corpus: parser tricks whose real host is public never reach the loopback address they hide', async () => {
  const h = startHarness();
  const problems: string[] = [];
  try {
    for (const entry of PUBLIC_IN_DISGUISE) {
      const c = h.world.add(connection(ALICE, OLLAMA_KIND, { base_url: entry.url }));
      h.world.addRuntimeModels(c.id, [LLAMA]);
      const contactedBefore = h.contacted.length;
      for (const a of await runAll(h, c)) {
        // The public server was contacted, so a 502 (it did not answer a model list at that
        // path) is the contract; anything else in 5xx is not.
        const contactedPublic = h.contacted.length > contactedBefore;
        if (a.status >= 500 && !(a.status === 502 && contactedPublic)) problems.push(`${entry.url}: ${describe(a)}`);
        if (a.status >= 400 && !isErrorShape(a.body)) problems.push(`${entry.url}: not the error shape: ${describe(a)}`);
      }
      const hosts = h.contacted.slice(contactedBefore).map((url) => new URL(url).hostname);
      if (hosts.some((host) => host !== OLLAMA_HOST)) problems.push(`${entry.url}: contacted ${hosts.join(', ')}`);
    }
    assert.deepEqual(h.trap.hits, []);
    assertNoProblems(problems);
  } finally {
    await h.close();
  }
});
