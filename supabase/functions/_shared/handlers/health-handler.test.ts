import assert from 'node:assert/strict';
import type { FakeServer } from '../../_test/fakes/fake-server.ts';
import { startFakeOllama } from '../../_test/fakes/ollama.ts';
import type { HealthResult } from '../health/check.ts';
import { handle } from '../http.ts';
import { ALICE, BOB, connection, FakeWorld, OLLAMA_KIND, OPENAI_KIND, post } from '../../_test/fake-world.ts';
import { createHealthHandler, type HealthLine, HealthRecorder, RECORD_GRACE_MS, SLACK_MS } from './health-handler.ts';
import { NDJSON_TYPE } from '../connections/ndjson.ts';
import type { CallerDb, HealthCheckInsert } from '../connections/ports.ts';

async function withOllama(fn: (ollama: FakeServer) => Promise<void>) {
  const ollama = startFakeOllama();
  try {
    await fn(ollama);
  } finally {
    await ollama.close();
  }
}

/** Ollama connections at the fake: ok, 401 (an OpenAI-kind behind the same fake answers 404...), hang. */
function mixedWorld(ollama: FakeServer) {
  const world = new FakeWorld();
  const ok = world.add(connection(ALICE, OLLAMA_KIND, { name: 'a ok', base_url: ollama.url }));
  const unauthorized = world.add(connection(ALICE, OLLAMA_KIND, {
    name: 'b unauthorized',
    base_url: ollama.baseUrlWith({ mode: 'unauthorized' }),
  }));
  const hang = world.add(
    connection(ALICE, OLLAMA_KIND, { name: 'c hang', base_url: ollama.baseUrlWith({ mode: 'hang' }) }),
  );
  const browser = world.add(connection(ALICE, OLLAMA_KIND, { name: 'd browser', probe_from: 'browser' }));
  const disabled = world.add(connection(ALICE, OLLAMA_KIND, { name: 'e off', enabled: false, base_url: ollama.url }));
  world.add(connection(BOB, OLLAMA_KIND, { base_url: ollama.url }));
  return { world, ok, unauthorized, hang, browser, disabled };
}

Deno.test('health (JSON): checks every enabled server-probed connection within the timeout and records each', async () => {
  await withOllama(async (ollama) => {
    const { world, ok, unauthorized, hang, browser, disabled } = mixedWorld(ollama);
    const health = handle(createHealthHandler(world.deps()));
    const started = performance.now();
    const response = await health(post(ALICE, { timeout_ms: 1000 }));
    const elapsed = performance.now() - started;
    assert.equal(response.status, 200);
    assert.ok(elapsed < 1000 + SLACK_MS + RECORD_GRACE_MS, `took ${elapsed} ms`);
    const body = await response.json();
    assert.deepEqual(body.results.map((r: { connection_id: string }) => r.connection_id), [
      ok.id,
      unauthorized.id,
      hang.id,
    ]);
    const [okResult, unauthorizedResult, hangResult] = body.results;
    assert.equal(okResult.status, 'healthy');
    assert.equal(okResult.model_count, 5);
    assert.equal(unauthorizedResult.status, 'unhealthy');
    assert.equal(unauthorizedResult.error_code, 'invalid_key');
    assert.equal(hangResult.status, 'unhealthy');
    assert.equal(hangResult.error_code, 'timeout');
    assert.equal(hangResult.latency_ms, null);
    assert.deepEqual(body.skipped, [
      { connection_id: browser.id, reason: 'browser_probe' },
      { connection_id: disabled.id, reason: 'disabled' },
    ]);
    assert.deepEqual(
      { ...body.summary, elapsed_ms: 0 },
      { total: 3, healthy: 1, degraded: 0, unhealthy: 2, unknown: 0, elapsed_ms: 0 },
    );
    assert.deepEqual(world.health.map((row) => row.connection_id).sort(), [ok.id, unauthorized.id, hang.id].sort());
    assert.ok(world.health.every((row) => row.owner_id === ALICE && row.source === 'server'));
  });
});

Deno.test('health (NDJSON): a start line, one result line per check as it finishes, then the summary', async () => {
  await withOllama(async (ollama) => {
    const { world, hang } = mixedWorld(ollama);
    const health = handle(createHealthHandler(world.deps()));
    const response = await health(post(ALICE, { timeout_ms: 1000 }, { headers: { Accept: NDJSON_TYPE } }));
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), `${NDJSON_TYPE}; charset=utf-8`);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');

    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    const arrivals: Array<{ at: number; line: HealthLine }> = [];
    const started = performance.now();
    let buffer = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += value;
      let newline;
      while ((newline = buffer.indexOf('\n')) !== -1) {
        const text = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        assert.notEqual(text.trim(), '', 'no blank lines');
        arrivals.push({ at: performance.now() - started, line: JSON.parse(text) });
      }
    }
    assert.equal(buffer, '', 'the stream ends with a newline');
    const lines = arrivals.map((a) => a.line);
    assert.equal(lines[0].type, 'start');
    assert.equal(lines.at(-1)!.type, 'summary');
    const results = lines.filter((l) => l.type === 'result');
    assert.deepEqual(results.map((l) => l.type === 'result' && l.done), [1, 2, 3]);
    assert.ok(results.every((l) => l.type === 'result' && l.total === 3));
    // The fast answers arrive long before the hanging one gives up: progress, not a batch at the end.
    const hangAt = arrivals.find((a) => a.line.type === 'result' && a.line.result.connection_id === hang.id)!.at;
    const firstAt = arrivals.find((a) => a.line.type === 'result')!.at;
    assert.ok(firstAt < 500 && hangAt >= 900, `first ${firstAt} ms, hang ${hangAt} ms`);
  });
});

Deno.test('health: named connections are checked even when disabled; foreign ids are never probed', async () => {
  await withOllama(async (ollama) => {
    const { world, disabled, ok } = mixedWorld(ollama);
    const health = handle(createHealthHandler(world.deps()));
    const named = await (await health(post(ALICE, { connection_ids: [disabled.id, disabled.id.toUpperCase()] })))
      .json();
    assert.deepEqual(named.results.map((r: { connection_id: string }) => r.connection_id), [disabled.id]);
    assert.equal(named.results[0].status, 'healthy');

    const bobsId = [...world.connections.values()].find((c) => c.owner_id === BOB)!.id;
    const before = world.health.length;
    const foreign = await health(post(ALICE, { connection_ids: [bobsId] }));
    assert.equal(foreign.status, 404);
    assert.equal((await foreign.json()).error.code, 'not_found');
    assert.equal(world.health.length, before, "nothing checked or recorded for someone else's connection");

    // A list with some ids that are not (or no longer) mine: those are skipped, like a deleted one.
    const mixed = await (await health(post(ALICE, { connection_ids: [ok.id, bobsId] }))).json();
    assert.deepEqual(mixed.results.map((r: { connection_id: string }) => r.connection_id), [ok.id]);
    assert.deepEqual(mixed.skipped, [{ connection_id: bobsId, reason: 'not_found' }]);
    assert.ok(world.health.every((row) => row.connection_id !== bobsId));

    const empty = await (await health(post(ALICE, { connection_ids: [] }))).json();
    assert.deepEqual(empty.results, []);
    assert.equal(empty.summary.total, 0);

    world.rateLimit = () => ({ allowed: false, retryAfterSeconds: 3 });
    const limited = await health(post(ALICE, {}));
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '3');
  });
});

Deno.test('health: a client that disconnects aborts the checks still running and nothing more is recorded', async () => {
  const world = new FakeWorld();
  for (let i = 0; i < 3; i++) world.add(connection(ALICE, OPENAI_KIND, { base_url: `https://hang-${i}.example` }));
  const fast = world.add(connection(ALICE, OPENAI_KIND, { base_url: 'https://fast.example' }));
  let aborted = 0;
  const check = (target: { baseUrl: string }, options: { signal?: AbortSignal }): Promise<HealthResult> => {
    if (target.baseUrl === fast.base_url) return Promise.resolve({ status: 'healthy', latencyMs: 1, modelCount: 1 });
    return new Promise((resolve) => {
      options.signal!.addEventListener('abort', () => {
        aborted++;
        resolve({ status: 'unknown', latencyMs: null, error: { code: 'unknown', message: 'cancelled' } });
      });
    });
  };
  const handler = handle(createHealthHandler(world.deps(), { check }));
  const server = Deno.serve({ hostname: '127.0.0.1', port: 0, onListen: () => {} }, handler);
  try {
    for (const accept of [NDJSON_TYPE, 'application/json']) {
      aborted = 0;
      world.health.length = 0;
      const client = new AbortController();
      const request = post(ALICE, { timeout_ms: 10_000 }, { headers: { Accept: accept } });
      const response = fetch(`http://127.0.0.1:${server.addr.port}/health`, {
        method: 'POST',
        headers: request.headers,
        body: await request.text(),
        signal: client.signal,
      });
      if (accept === NDJSON_TYPE) {
        const reader = (await response).body!.getReader();
        await reader.read(); // the start line (and maybe the fast result)
      } else {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      client.abort();
      await response.catch(() => {});
      const deadline = Date.now() + 2_000;
      while (aborted < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      assert.equal(aborted, 3, `${accept}: every hanging check was aborted long before its 10 s timeout`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.deepEqual(world.health.map((row) => row.connection_id), [fast.id], `${accept}: only the finished check`);
    }
  } finally {
    await server.shutdown();
  }
});

Deno.test('HealthRecorder batches rows while an insert runs, and flush() is bounded', async () => {
  const batches: number[] = [];
  let release: () => void = () => {};
  const db = {
    recordHealthChecks(rows: HealthCheckInsert[]) {
      batches.push(rows.length);
      return new Promise<void>((resolve) => (release = resolve));
    },
  } as unknown as CallerDb;
  const logs: string[] = [];
  const recorder = new HealthRecorder(db, { info: () => {}, warn: () => {}, error: (m) => logs.push(m) });
  const row = (i: number): HealthCheckInsert => ({
    connection_id: String(i),
    status: 'healthy',
    latency_ms: 1,
    error: null,
    error_code: null,
    model_count: 1,
    source: 'server',
  });
  recorder.add(row(1));
  recorder.add(row(2));
  recorder.add(row(3));
  const t0 = performance.now();
  await recorder.flush(50);
  assert.ok(performance.now() - t0 < 200, 'flush gives up after its grace time');
  release();
  await new Promise((resolve) => setTimeout(resolve, 0));
  release();
  await recorder.flush(1000);
  assert.deepEqual(batches, [1, 2], 'the rows that arrived during the first insert went in one second insert');
});

Deno.test('health: refused base URLs are recorded unhealthy checks in a 200, like any other result', async () => {
  const world = new FakeWorld();
  const ids = ['http://169.254.169.254', 'ftp://models.example', 'http://models.example:99999'].map((base_url) =>
    world.add(connection(ALICE, OLLAMA_KIND, { base_url })).id
  );
  const health = handle(createHealthHandler(world.deps()));
  const response = await health(post(ALICE, { connection_ids: ids }));
  assert.equal(response.status, 200);
  const body = await response.json();
  assert.deepEqual(body.results.map((r: { status: string; error_code: string }) => [r.status, r.error_code]), [
    ['unhealthy', 'blocked_address'],
    ['unhealthy', 'blocked_address'],
    ['unhealthy', 'blocked_address'],
  ]);
  assert.match(body.results[1].error, /starts with ftp:/);
  assert.match(body.results[2].error, /not a valid URL/);
  assert.deepEqual(world.health.map((row) => row.error_code), ['blocked_address', 'blocked_address', 'blocked_address']);
});

Deno.test('health: a server whose error quotes NUL or lone surrogates is still recorded, its words cleaned', async () => {
  const world = new FakeWorld();
  const c = world.add(connection(ALICE, OLLAMA_KIND, { base_url: 'http://ollama.test' }));
  const errorBody = '{"error":"model store \\u0000broken \\ud800 here"}';
  const health = handle(createHealthHandler(world.deps({
    fetchOptions: {
      resolver: () => Promise.resolve(['127.0.0.1']),
      fetch: () => Promise.resolve(new Response(errorBody, { status: 500, headers: { 'content-type': 'application/json' } })),
    },
  })));
  const body = await (await health(post(ALICE, { connection_ids: [c.id] }))).json();
  assert.equal(body.results[0].error_code, 'http_error');
  assert.match(body.results[0].error, /HTTP 500: model store broken \uFFFD here/);
  assert.equal(world.health.length, 1, 'recorded (Postgres refuses NUL and lone surrogates)');
  assert.equal(world.health[0].error, body.results[0].error);
});
