/**
 * Property-based fuzzing of every Edge Function through the real gateway (issue 11): random and
 * adversarial JSON, valid bodies with one thing corrupted, bodies that are not JSON, odd content
 * types, every HTTP method and every kind of caller (support/fuzz-requests.ts). The property
 * (support/fuzz-oracle.ts): no 5xx, and every refusal in its documented shape.
 *
 * Where a 502 is allowed: the caller's connections point at the fake servers in their normal
 * mode, so an upstream answers every request the functions make; a 502 passes only if the fakes
 * really received a request during that call (an upstream was contacted and failed), and any
 * other 5xx is a finding.
 *
 * Bounded and reproducible: fast-check draws the requests from a fixed seed (printed; FUZZ_SEED
 * and FUZZ_RUNS override it and the runs per function), one request at a time, to loopback only.
 * Every violation is collected and listed rather than stopping at the first (each one is a real
 * request, and the figures are part of the report); the figures are printed at the end.
 *
 * Rate limits: one user would hit the per-user limits (30 a minute for lockbox, discovery and
 * health) within a few dozen requests, and every later request would be a 429 that tests nothing
 * else. The product keeps its limits: the suite clears the user's counters in the database
 * (public.rate_limit_counters, as an administrator could) before a bucket runs out.
 */
import fc from 'fast-check';
import { decodeJwt, SignJWT } from 'jose';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeServers, type FakeServers } from '../../scripts/testing/fake-servers.ts';
import { type Answer, Figures, judge, knownItem } from './support/fuzz-oracle.ts';
import {
  CALLERS,
  type CallerKind,
  describeRequest,
  type FunctionName,
  FUNCTIONS,
  type FuzzRequest,
  type IdPool,
  METHODS,
  requestArbitrary,
  wireBody,
} from './support/fuzz-requests.ts';
import { anonKey, connectDb, createClientAs, createDiscoveredOllama, createTestUser, functionsUrl, jwtSecret, serviceRoleKey, type TestUser } from './support/stack.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_207);
const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
/** A request still unanswered after this long counts as never answered. */
const ANSWER_WITHIN_MS = 20_000;
const LLAMA = 'llama3.2:latest';

/** Per-user limits (supabase/functions/_shared/connections/request.ts), by function. */
const RATE_LIMITS: Partial<Record<FunctionName, number>> = {
  lockbox: 30,
  discovery: 30,
  health: 30,
  runtime: 240,
  generate: 60,
  'server-config': 120,
};
/** The functions that make requests to a connection's server. */
const CONTACTS_UPSTREAM: ReadonlySet<FunctionName> = new Set(['discovery', 'health', 'runtime', 'generate']);

let fakes: FakeServers;
let owner: TestUser;
let other: TestUser;
let db: pg.Client;
let ids: IdPool;
const tokens = {} as Record<CallerKind, string | null>;
const figures = new Figures();
const used = new Map<FunctionName, number>();

beforeAll(async () => {
  fakes = await startFakeServers({ models: 3 });
  [owner, other] = await Promise.all([createTestUser(), createTestUser()]);
  db = await connectDb();

  const insert = async (user: TestUser, fields: Record<string, unknown>) => {
    const { data, error } = await user.client.from('connections').insert(fields).select('id').single();
    if (error) throw new Error(`creating a connection failed: ${error.message}`);
    return data.id as string;
  };
  ids = {
    ownServer: await createDiscoveredOllama(owner, fakes.ollama, 'Fuzzed Ollama'),
    ownOpenAi: await insert(owner, { kind: 'vllm', name: 'Fuzzed vLLM', base_url: fakes.openai }),
    ownBrowser: await insert(owner, { kind: 'ollama', name: 'Browser Ollama', base_url: fakes.ollama, probe_from: 'browser' }),
    ownDisabled: await insert(owner, { kind: 'ollama', name: 'Disabled Ollama', base_url: fakes.ollama, enabled: false }),
    othersConnection: await insert(other, { kind: 'ollama', name: 'Not yours', base_url: fakes.ollama }),
    modelId: LLAMA,
  };

  // The platform refuses these before any function runs: same claims as the user's, but expired,
  // signed with another secret, or not signed at all.
  const claims = decodeJwt(owner.session.access_token);
  const now = Math.floor(Date.now() / 1000);
  const sign = (secret: string, exp: number) =>
    new SignJWT({ ...claims }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuedAt(exp - 3600).setExpirationTime(exp).sign(new TextEncoder().encode(secret));
  const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  tokens.user = owner.session.access_token;
  tokens['no-apikey'] = owner.session.access_token;
  tokens.anon = null;
  tokens['expired-jwt'] = await sign(jwtSecret, now - 600);
  tokens['forged-jwt'] = await sign(`not-the-project-secret-${'x'.repeat(32)}`, now + 3600);
  tokens['alg-none-jwt'] = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ ...claims, exp: now + 3600 })}.`;
  console.log(`[fuzz] seed ${SEED}, ${RUNS} generated requests per function (FUZZ_SEED and FUZZ_RUNS change them)`);
}, 120_000);

afterAll(async () => {
  console.log(`[fuzz] seed ${SEED}; requests per function and caller kind:\n${figures.table()}`);
  await fakes?.stop();
  await db?.end();
  const admin = createClientAs(serviceRoleKey);
  for (const user of [owner, other]) if (user) await admin.auth.admin.deleteUser(user.user.id);
});

// --- Sending and judging -------------------------------------------------------------------------

function headersFor(request: FuzzRequest): Record<string, string> {
  const headers: Record<string, string> = {};
  if (request.caller !== 'no-apikey') headers.apikey = anonKey;
  const token = tokens[request.caller];
  if (token) headers.Authorization = `Bearer ${token}`;
  if (request.contentType !== null) headers['Content-Type'] = request.contentType;
  if (request.accept !== null) headers.Accept = request.accept;
  return headers;
}

async function upstreamRequests(): Promise<number> {
  let total = 0;
  for (const url of [fakes.ollama, fakes.openai]) {
    const state = (await (await fetch(`${url}/__control`)).json()) as { requestCount: number };
    total += state.requestCount;
  }
  return total;
}

/** Keeps the user under the per-user limits without touching the product (see the top). */
async function spendRateLimit(request: FuzzRequest): Promise<void> {
  const limit = RATE_LIMITS[request.fn];
  if (request.caller !== 'user' || !limit) return;
  const count = (used.get(request.fn) ?? 0) + 1;
  used.set(request.fn, count);
  if (count < limit - 1) return;
  await db.query('delete from public.rate_limit_counters where owner_id = $1', [owner.user.id]);
  used.clear();
}

async function send(request: FuzzRequest): Promise<Answer | null> {
  await spendRateLimit(request);
  const watchUpstream = request.caller === 'user' && CONTACTS_UPSTREAM.has(request.fn);
  const before = watchUpstream ? await upstreamRequests() : 0;
  try {
    const response = await fetch(`${functionsUrl}/${request.fn}`, {
      method: request.method,
      headers: headersFor(request),
      body: wireBody(request),
      signal: AbortSignal.timeout(ANSWER_WITHIN_MS),
    });
    const text = await response.text();
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      retryAfter: response.headers.get('retry-after'),
      text,
      upstreamContacted: watchUpstream && response.status >= 500 && (await upstreamRequests()) > before,
    };
  } catch {
    // Timed out, or the connection closed without an answer.
    return null;
  }
}

/** Sends every request in order; returns one line per violation, and the answers. */
async function fuzz(requests: FuzzRequest[]): Promise<{ violations: string[]; answers: Array<Answer | null> }> {
  const violations: string[] = [];
  const answers: Array<Answer | null> = [];
  for (const request of requests) {
    const answer = await send(request);
    answers.push(answer);
    const verdict = judge(request, answer);
    figures.add(request.fn, request.caller, answer, verdict);
    if (verdict.ok) continue;
    const known = knownItem(request, verdict, wireBody(request));
    const got = answer ? `${answer.status} ${answer.text.slice(0, 200)}` : 'no answer';
    violations.push(`${verdict.kind}: ${describeRequest(request)} → ${got} (${verdict.reason})${known ? ` [known: ${known}]` : ''}`);
  }
  return { violations, answers };
}

function expectNone(violations: string[]): void {
  // The list is the report: every request that broke the contract, known items marked.
  expect(violations, `${violations.length} answer(s) broke the contract (seed ${SEED}):\n${violations.join('\n')}`).toEqual([]);
}

// --- The suite -------------------------------------------------------------------------------------

describe('Edge Functions under fuzzing, through the gateway', () => {
  it('every function answers every caller kind and every method with a valid body in the documented shapes', async () => {
    const valid: Record<FunctionName, unknown> = {
      lockbox: { action: 'delete', connection_id: ids.ownServer },
      discovery: { connection_id: ids.ownServer, timeout_ms: 2_000 },
      health: { connection_ids: [ids.ownServer] },
      runtime: { connection_id: ids.ownServer, action: 'status' },
      generate: { connection_id: ids.ownServer, model_id: LLAMA, prompt: 'Say hi' },
      'server-config': {},
      whoami: {},
    };
    const requests: FuzzRequest[] = FUNCTIONS.flatMap((fn) =>
      CALLERS.flatMap((caller) =>
        METHODS.map((method) => ({ fn, caller, method, contentType: 'application/json', accept: null, body: { kind: 'json' as const, value: valid[fn] } }))
      )
    );
    const { violations, answers } = await fuzz(requests);
    // The callers are what they claim, or the rest of the suite would test nothing: the user is
    // let in, the anon key reaches the function and is refused there, every bad token is refused
    // by the platform.
    const status = (fn: FunctionName, caller: CallerKind) => answers[requests.findIndex((r) => r.fn === fn && r.caller === caller && r.method === 'POST')]?.status;
    const whoami = answers[requests.findIndex((r) => r.fn === 'whoami' && r.caller === 'user' && r.method === 'POST')];
    expect(JSON.parse(whoami?.text ?? '{}')).toMatchObject({ user_id: owner.user.id, role: 'authenticated' });
    expect(status('discovery', 'user')).toBe(200);
    expect(status('discovery', 'anon')).toBe(401);
    for (const caller of ['no-apikey', 'expired-jwt', 'forged-jwt', 'alg-none-jwt'] as const) expect(status('whoami', caller), caller).toBe(401);
    expectNone(violations);
  }, 120_000);

  for (const fn of FUNCTIONS) {
    it(`${fn}: ${RUNS} generated requests, no 5xx and every refusal in its shape`, async () => {
      const requests = fc.sample(requestArbitrary(fn, ids), { seed: SEED, numRuns: RUNS });
      expectNone((await fuzz(requests)).violations);
    }, 180_000);
  }
});
