import assert from 'node:assert/strict';
import { startFakeOllama } from '../../_test/fakes/ollama.ts';
import { FAKE_OPENAI_KEY, startFakeOpenAI } from '../../_test/fakes/openai.ts';
import type { FakeServer } from '../../_test/fakes/fake-server.ts';
import type { ConnectionTarget } from '../core/providers/types.ts';
import { checkAll, type CheckAllProgress, checkConnection, type HealthResult } from './check.ts';

const local = { allowPrivate: true };

function openAi(
  server: FakeServer,
  patch: Parameters<FakeServer['baseUrlWith']>[0] = {},
  apiKey = FAKE_OPENAI_KEY,
): ConnectionTarget {
  return {
    kind: 'vllm',
    adapter: 'openai',
    baseUrl: server.baseUrlWith(patch),
    modelsPath: '/v1/models',
    authScheme: 'bearer',
    apiKey,
  };
}

function ollama(server: FakeServer, patch: Parameters<FakeServer['baseUrlWith']>[0] = {}): ConnectionTarget {
  return {
    kind: 'ollama',
    adapter: 'ollama',
    baseUrl: server.baseUrlWith(patch),
    modelsPath: '/api/tags',
    authScheme: 'bearer',
    apiKey: null,
  };
}

async function withFakes(fn: (openai: FakeServer, ollamaServer: FakeServer) => Promise<void>): Promise<void> {
  const openai = startFakeOpenAI();
  const ollamaServer = startFakeOllama();
  try {
    await fn(openai, ollamaServer);
  } finally {
    await Promise.all([openai.close(), ollamaServer.close()]);
  }
}

Deno.test('a fast, working server is healthy with its latency and model count', async () => {
  await withFakes(async (openai, ollamaServer) => {
    for (const target of [openAi(openai), ollama(ollamaServer)]) {
      const result = await checkConnection(target, local);
      assert.equal(result.status, 'healthy');
      assert.equal(result.modelCount, 5);
      assert.equal(result.error, undefined);
      assert.ok(result.latencyMs !== null && result.latencyMs >= 0 && result.latencyMs < 2_000);
    }
  });
});

Deno.test('slow answers are degraded; failures are unhealthy with a readable error', async () => {
  await withFakes(async (openai, ollamaServer) => {
    const slow = await checkConnection(openAi(openai, { mode: 'slow', delayMs: 250 }), {
      ...local,
      degradedAfterMs: 100,
    });
    assert.equal(slow.status, 'degraded');
    assert.ok(slow.latencyMs! >= 240);

    const badKey = await checkConnection(openAi(openai, {}, 'sk-wrong'), local);
    assert.equal(badKey.status, 'unhealthy');
    assert.equal(badKey.error?.code, 'invalid_key');
    assert.ok(badKey.latencyMs !== null, 'an HTTP answer arrived, so there is a latency');

    const hang = await checkConnection(ollama(ollamaServer, { mode: 'hang' }), { ...local, timeoutMs: 300 });
    assert.equal(hang.status, 'unhealthy');
    assert.equal(hang.error?.code, 'timeout');
    assert.equal(hang.latencyMs, null, 'no answer, no latency');

    const limited = await checkConnection(openAi(openai, { mode: 'rate_limited' }), local);
    assert.equal(limited.status, 'degraded', 'rate limited means up and authorized, just busy');
    assert.equal(limited.error?.retryAfterSeconds, 7);

    const broken = await checkConnection(ollama(ollamaServer, { mode: 'malformed' }), local);
    assert.equal(broken.status, 'unhealthy');
    assert.equal(broken.error?.code, 'bad_response');
  });
});

Deno.test('check all: 20 connections of which 5 hang finish within the timeout + 1 s', async () => {
  await withFakes(async (openai, ollamaServer) => {
    const items = Array.from({ length: 20 }, (_, i) => {
      const hangs = i % 4 === 3; // 5 of 20
      const target = i % 2 === 0
        ? openAi(openai, hangs ? { mode: 'hang' } : {})
        : ollama(ollamaServer, hangs ? { mode: 'hang' } : {});
      return { id: `conn-${i}`, target };
    });
    const progress: CheckAllProgress[] = [];
    const started = performance.now();
    const results = await checkAll(items, { ...local, onProgress: (p) => progress.push(p) }); // default 5 s timeout
    const elapsed = performance.now() - started;

    assert.ok(elapsed < 5_000 + 1_000, `took ${Math.round(elapsed)} ms`);
    assert.deepEqual(results.map((r) => r.id), items.map((i) => i.id), 'results come back in input order');
    const hung = results.filter((_, i) => i % 4 === 3);
    const fine = results.filter((_, i) => i % 4 !== 3);
    assert.equal(hung.length, 5);
    for (const { result } of hung) {
      assert.equal(result.status, 'unhealthy');
      assert.equal(result.error?.code, 'timeout');
      assert.match(result.error!.message, /within 5 s/);
    }
    for (const { result } of fine) {
      assert.equal(result.status, 'healthy');
      assert.equal(result.modelCount, 5);
    }
    assert.deepEqual(progress.map((p) => p.done), Array.from({ length: 20 }, (_, i) => i + 1));
    assert.ok(progress.every((p) => p.total === 20));
    assert.equal(new Set(progress.map((p) => p.id)).size, 20);
  });
});

Deno.test('check all stays bounded by the timeout when every server hangs and the bound is small', async () => {
  await withFakes(async (openai) => {
    const items = Array.from({ length: 60 }, (_, i) => ({ id: `h${i}`, target: openAi(openai, { mode: 'hang' }) }));
    let peak = 0;
    let open = 0;
    const started = performance.now();
    const results = await checkAll(items, {
      ...local,
      timeoutMs: 1_000,
      concurrency: 4,
      slackMs: 5_000, // the guard must not be what ends this run: the queue itself has to finish
      check: async (target, options) => {
        open++;
        peak = Math.max(peak, open);
        try {
          return await checkConnection(target, options);
        } finally {
          open--;
        }
      },
    });
    const elapsed = performance.now() - started;
    assert.ok(elapsed < 1_000 + 1_000, `took ${Math.round(elapsed)} ms`);
    assert.ok(peak <= 32, `at most concurrency x 8 open at once (saw ${peak})`);
    assert.equal(results.length, 60);
    for (const { result } of results) {
      assert.notEqual(result.status, 'healthy');
      assert.equal(result.error?.code, 'timeout');
    }
    // Some never got a turn: they say so instead of pretending the server failed.
    assert.ok(results.some((r) => r.result.status === 'unknown' && /Not checked/.test(r.result.error!.message)));
  });
});

Deno.test('check all settles a check that ignores its deadline (guard), and survives a throwing check', async () => {
  const never = () => new Promise<HealthResult>(() => {});
  const started = performance.now();
  const results = await checkAll([{ id: 'stuck', target: {} as ConnectionTarget }], {
    timeoutMs: 200,
    slackMs: 100,
    check: never,
  });
  assert.ok(performance.now() - started < 600);
  assert.equal(results[0].result.status, 'unknown');

  const throwing = await checkAll([{ id: 'x', target: {} as ConnectionTarget }], {
    timeoutMs: 500,
    check: () => Promise.reject(new Error('bug')),
  });
  assert.equal(throwing[0].result.status, 'unknown');
  assert.deepEqual(await checkAll([], {}), []);
});
