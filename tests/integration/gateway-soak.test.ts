/**
 * Soak test of the API gateway: a few thousand mixed requests over kept-alive connections, as a
 * busy app makes them, and not one left unanswered. The mix is what once left about 1 request in
 * 100 hanging (a kept-alive connection stuck behind a body nobody read): uploads the Edge Functions
 * refuse with an early 413 (with and without Content-Length) next to plain REST and function calls,
 * NDJSON streams, and clients that give up mid-request and mid-response. Bounded (count, concurrency, a deadline per request), loopback only.
 * Then the backends die under requests in flight: each is answered (502/503) or closed, none hangs,
 * and the client's kept-alive connections still work once the backend is back.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exchange, type ExchangeOutcome, type ExchangeRequest } from './support/exchange.ts';
import { getStatus } from '../../scripts/stack/status.ts';
import { anonKey, createTestUser, instance, restUrl, type TestUser, withDb } from './support/stack.ts';

const CYCLES = 100;
const CONCURRENCY = 16;
/** Far above any answer's time under this load (well under a second); only a hang reaches it. */
const DEADLINE_MS = 10_000;
const MiB = 1024 * 1024;

/**
 * The functions that read a body, with their per-user rate limits per minute
 * (supabase/functions/_shared/connections/request.ts): each upload is charged to a user and
 * function with room left, so every one meets the body cap (413) and none the rate limit (429).
 */
const BODY_FUNCTIONS = { runtime: 240, generate: 60, discovery: 30, health: 30, lockbox: 30 };
const USERS = 3;

type Kind =
  | 'upload refused, Content-Length'
  | 'upload refused, chunked'
  | 'upload without apikey'
  | 'client gone mid-request'
  | 'REST JSON'
  | 'function JSON (env-test)'
  | 'function JSON (whoami)'
  | 'NDJSON stream'
  | 'client gone mid-stream';

/** One cycle of the mix, in the order it is sent. */
const CYCLE: Kind[] = [
  'upload refused, Content-Length', 'REST JSON', 'NDJSON stream', 'function JSON (env-test)', 'upload refused, chunked',
  'REST JSON', 'client gone mid-stream', 'upload refused, Content-Length', 'function JSON (whoami)', 'upload without apikey',
  'NDJSON stream', 'upload refused, chunked', 'REST JSON', 'client gone mid-request', 'function JSON (env-test)',
  'upload refused, Content-Length', 'NDJSON stream', 'function JSON (whoami)', 'upload refused, chunked', 'REST JSON',
  'client gone mid-stream',
];

interface Planned {
  kind: Kind;
  request: ExchangeRequest;
  /** What a correct gateway gives this request; a sentence saying what is wrong, or undefined. */
  check: (outcome: ExchangeOutcome) => string | undefined;
}

const answered = (status: number, lines?: number) => (outcome: ExchangeOutcome) => {
  if (outcome.end !== 'complete') return `ended ${outcome.end}${outcome.error ? ` (${outcome.error})` : ''}${outcome.status ? ` after ${outcome.status}` : ''}`;
  if (outcome.status !== status) return `answered ${outcome.status}, expected ${status}: ${outcome.body.slice(0, 120)}`;
  if (lines !== undefined && outcome.body.trim().split('\n').length !== lines) return `streamed ${outcome.body.trim().split('\n').length} lines, expected ${lines}`;
  return undefined;
};

let users: TestUser[] = [];
const body = Buffer.alloc(2 * MiB, '{"prompt":"');

beforeAll(async () => {
  users = await Promise.all(Array.from({ length: USERS }, () => createTestUser()));
});

/** Which user and function each upload is charged to, within 90% of every rate limit. */
function uploadTargets(): Array<{ user: TestUser; fn: string }> {
  const targets: Array<{ user: TestUser; fn: string }> = [];
  for (const [fn, perMinute] of Object.entries(BODY_FUNCTIONS)) {
    for (const user of users) for (let i = 0; i < Math.floor(perMinute * 0.9); i++) targets.push({ user, fn });
  }
  // Spread over users and functions instead of one function's budget after another.
  return targets.map((target, i) => ({ target, key: (i * 7919) % targets.length })).sort((a, b) => a.key - b.key).map(({ target }) => target);
}

function plan(): Planned[] {
  const targets = uploadTargets();
  let uploads = 0;
  const nextUpload = () => {
    const target = targets[uploads++];
    if (!target) throw new Error('The mix needs more uploads than the rate limits allow: add users.');
    return target;
  };
  const asUser = (user: TestUser) => ({ apikey: anonKey, authorization: `Bearer ${user.session.access_token}` });
  const planned: Planned[] = [];
  for (let cycle = 0; cycle < CYCLES; cycle++) {
    for (const kind of CYCLE) {
      const i = planned.length;
      // 1 to 2 MiB: far past the functions' 64 KiB cap, and more than a socket buffer holds.
      const upload = body.subarray(0, MiB + ((i * 7919) % MiB));
      const user = users[i % users.length]!;
      switch (kind) {
        case 'upload refused, Content-Length':
        case 'upload refused, chunked': {
          const { user: owner, fn } = nextUpload();
          const headers = { ...asUser(owner), 'content-type': 'application/json' };
          planned.push({ kind, request: { method: 'POST', path: `/functions/v1/${fn}`, headers, body: upload, chunked: kind === 'upload refused, chunked' }, check: answered(413) });
          break;
        }
        case 'upload without apikey':
          planned.push({ kind, request: { method: 'POST', path: '/functions/v1/runtime', body: upload, chunked: i % 2 === 0 }, check: answered(401) });
          break;
        case 'client gone mid-request': {
          // A body under the cap, cut off: the function is still reading when the client leaves.
          const { user: owner, fn } = nextUpload();
          const headers = { ...asUser(owner), 'content-type': 'application/json' };
          planned.push({
            kind,
            request: { method: 'POST', path: `/functions/v1/${fn}`, headers, body: body.subarray(0, 60_000), chunked: i % 2 === 0, abortAfterBodyBytes: 20_000 },
            check: (outcome) => (outcome.end === 'client-aborted' || (outcome.end === 'complete' && outcome.status! < 500) ? undefined : `ended ${outcome.end} ${outcome.status ?? ''}`),
          });
          break;
        }
        case 'REST JSON':
          planned.push({ kind, request: { method: 'GET', path: '/rest/v1/provider_kinds?select=id&order=id&limit=3', headers: asUser(user) }, check: answered(200) });
          break;
        case 'function JSON (env-test)':
          planned.push({ kind, request: { method: 'GET', path: '/functions/v1/env-test', headers: { apikey: anonKey } }, check: answered(200) });
          break;
        case 'function JSON (whoami)':
          planned.push({
            kind,
            request: { method: 'POST', path: '/functions/v1/whoami', headers: { ...asUser(user), 'content-type': 'application/json' }, body: Buffer.from('{}') },
            check: answered(200),
          });
          break;
        case 'NDJSON stream':
          planned.push({ kind, request: { method: 'GET', path: '/functions/v1/stream-test?chunks=4&delay=5', headers: { apikey: anonKey } }, check: answered(200, 4) });
          break;
        case 'client gone mid-stream':
          // Leaves after the first line of a stream that would take a second.
          planned.push({
            kind,
            request: { method: 'GET', path: '/functions/v1/stream-test?chunks=50&delay=20', headers: { apikey: anonKey }, abortAfterResponseBytes: 1 },
            check: (outcome) => (outcome.end === 'client-aborted' && outcome.status === 200 ? undefined : `ended ${outcome.end} ${outcome.status ?? ''}`),
          });
          break;
      }
    }
  }
  return planned;
}

interface Tally {
  sent: number;
  statuses: Map<string, number>;
}

function report(results: Array<{ planned: Planned; outcome: ExchangeOutcome }>, seconds: number): string {
  const byKind = new Map<Kind, Tally>();
  for (const { planned, outcome } of results) {
    const tally = byKind.get(planned.kind) ?? { sent: 0, statuses: new Map() };
    tally.sent += 1;
    const label = outcome.end === 'complete' ? String(outcome.status) : outcome.end === 'client-aborted' && outcome.status ? `${outcome.status} then client-aborted` : outcome.end;
    tally.statuses.set(label, (tally.statuses.get(label) ?? 0) + 1);
    byKind.set(planned.kind, tally);
  }
  const count = (end: string) => results.filter(({ outcome }) => outcome.end === end).length;
  const lines = [
    `gateway soak: ${results.length} requests in ${seconds.toFixed(1)} s, ${CONCURRENCY} at a time over kept-alive connections, ${DEADLINE_MS / 1000} s deadline each`,
    ...[...new Set(CYCLE)].map((kind) => [kind, byKind.get(kind) ?? { sent: 0, statuses: new Map() }] as const).map(([kind, tally]) => `  ${kind.padEnd(32)} ${String(tally.sent).padStart(5)}  ${[...tally.statuses].map(([label, n]) => `${label} ×${n}`).join(', ')}`),
    `  5xx: ${results.filter(({ outcome }) => (outcome.status ?? 0) >= 500).length}, stalls (no answer by the deadline): ${count('stalled')}, unfinished answers: ${count('unfinished')}, closed by the gateway: ${count('closed')}`,
  ];
  return lines.join('\n');
}

describe('the gateway under a mixed load', () => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  afterAll(() => agent.destroy());

  it('answers every request, with the status it should, none left hanging', async () => {
    const planned = plan();
    expect(planned.length).toBeGreaterThanOrEqual(2000);
    const results: Array<{ planned: Planned; outcome: ExchangeOutcome }> = [];
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < planned.length) {
          const item = planned[next++]!;
          results.push({ planned: item, outcome: await exchange(agent, instance.apiPort, item.request, DEADLINE_MS) });
        }
      }),
    );
    console.log(report(results, (performance.now() - started) / 1000));

    const stalls = results.filter(({ outcome }) => outcome.end === 'stalled').map(({ planned }) => `${planned.request.method} ${planned.request.path} (${planned.kind})`);
    expect(stalls, 'requests never answered').toEqual([]);
    const wrong = results.flatMap(({ planned, outcome }) => {
      const problem = planned.check(outcome);
      return problem ? [`${planned.kind}: ${problem}`] : [];
    });
    expect(wrong, 'requests answered otherwise than expected').toEqual([]);
  }, 120_000);
});

/** Waits until the part has been restarted and is ready again (the supervisor restarts it). */
async function untilReady(part: 'functions' | 'postgrest', pid: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const status = (await getStatus(instance)).parts[part];
    if (status.state === 'ready' && status.pid !== pid) return;
    if (Date.now() > deadline) throw new Error(`${part} was not restarted within 30 s (${status.state})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** "502 ×3, closed ×4": how a group of requests ended. */
function summary(outcomes: ExchangeOutcome[]): string {
  const counts = new Map<string, number>();
  for (const { end, status } of outcomes) {
    const label = end === 'complete' ? String(status) : end;
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return [...counts].map(([label, n]) => `${label} ×${n}`).join(', ');
}

/** A request in flight when its backend died: answered 502 or 503, or its connection closed. Never left hanging. */
function endedProperly(outcome: ExchangeOutcome): string | undefined {
  if (outcome.end === 'stalled' || outcome.end === 'unfinished') return `ended ${outcome.end}${outcome.status ? ` after ${outcome.status}` : ''}`;
  if (outcome.status !== undefined && outcome.status >= 500 && outcome.status !== 502 && outcome.status !== 503) return `answered ${outcome.status}: ${outcome.body.slice(0, 120)}`;
  return undefined;
}

describe('a backend that dies mid-session', () => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 12 });
  afterAll(() => agent.destroy());
  const send = (request: ExchangeRequest) => exchange(agent, instance.apiPort, request, DEADLINE_MS);
  /** The same kept-alive connections, once the backend is back: each must still carry a request. */
  const afterwards = (request: ExchangeRequest) => Promise.all(Array.from({ length: 12 }, () => send(request)));

  it('the functions host: streams are cut, uploads and calls answered 502/503 or closed, none hangs', async () => {
    const user = users[0]!;
    const asUser = { apikey: anonKey, authorization: `Bearer ${user.session.access_token}`, 'content-type': 'application/json' };
    const { pid } = (await getStatus(instance)).parts.functions;
    const inFlight = [
      // Streams that would last 5 s, and slow uploads (under the cap: the function keeps reading).
      ...Array.from({ length: 4 }, () => send({ method: 'GET', path: '/functions/v1/stream-test?chunks=100&delay=50', headers: { apikey: anonKey } })),
      ...Array.from({ length: 4 }, (_, i) =>
        send({ method: 'POST', path: '/functions/v1/runtime', headers: asUser, body: body.subarray(0, 60_000), chunked: i % 2 === 0, trickle: { bytes: 2000, pauseMs: 50 } }),
      ),
    ];
    await new Promise((resolve) => setTimeout(resolve, 500));
    process.kill(pid!, 'SIGKILL');
    // Sent while it is down or coming back.
    const meanwhile = Array.from({ length: 4 }, () => send({ method: 'GET', path: '/functions/v1/env-test', headers: { apikey: anonKey } }));
    const outcomes = await Promise.all([...inFlight, ...meanwhile]);
    console.log(`functions host killed: streams ${summary(outcomes.slice(0, 4))}; slow uploads ${summary(outcomes.slice(4, 8))}; sent meanwhile ${summary(outcomes.slice(8))}`);
    expect(outcomes.map(endedProperly).filter(Boolean)).toEqual([]);
    // The streams had started and were cut: a client must not take a cut stream for a whole one.
    for (const stream of outcomes.slice(0, 4)) expect(stream.end).toBe('closed');

    await untilReady('functions', pid!);
    const again = await afterwards({ method: 'GET', path: '/functions/v1/env-test', headers: { apikey: anonKey } });
    expect(again.map((outcome) => `${outcome.end} ${outcome.status}`)).toEqual(again.map(() => 'complete 200'));
  }, 60_000);

  describe('PostgREST', () => {
    beforeAll(async () => {
      await withDb(async (db) => {
        await db.query('create or replace function public.gateway_soak_sleep(seconds float8) returns int language sql as $$ select 1 from pg_sleep(seconds) $$');
        await db.query('grant execute on function public.gateway_soak_sleep(float8) to anon');
        await db.query(`notify pgrst, 'reload schema'`);
      });
      for (let i = 0; i < 100; i++) {
        const response = await fetch(`${restUrl}/rpc/gateway_soak_sleep?seconds=0`, { headers: { apikey: anonKey } });
        await response.body?.cancel();
        if (response.ok) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error('gateway_soak_sleep never became visible through PostgREST');
    });
    afterAll(async () => {
      await withDb(async (db) => {
        await db.query('drop function if exists public.gateway_soak_sleep(float8)');
        await db.query(`notify pgrst, 'reload schema'`);
      });
    });

    it('queries in flight are answered 502/503 or closed, none hangs', async () => {
      const { pid } = (await getStatus(instance)).parts.postgrest;
      const inFlight = Array.from({ length: 6 }, () => send({ method: 'GET', path: '/rest/v1/rpc/gateway_soak_sleep?seconds=3', headers: { apikey: anonKey } }));
      await new Promise((resolve) => setTimeout(resolve, 500));
      process.kill(pid!, 'SIGKILL');
      const outcomes = await Promise.all(inFlight);
      console.log(`PostgREST killed: queries in flight ${summary(outcomes)}`);
      expect(outcomes.map(endedProperly).filter(Boolean)).toEqual([]);
      expect(outcomes.filter((outcome) => outcome.status === 200)).toEqual([]);

      await untilReady('postgrest', pid!);
      const again = await afterwards({ method: 'GET', path: '/rest/v1/rpc/gateway_soak_sleep?seconds=0', headers: { apikey: anonKey } });
      expect(again.map((outcome) => `${outcome.end} ${outcome.status}`)).toEqual(again.map(() => 'complete 200'));
    }, 60_000);
  });
});
