import assert from 'node:assert/strict';
import { startFakeLmStudio } from '../../_test/fakes/lmstudio.ts';
import { startFakeOllama } from '../../_test/fakes/ollama.ts';
import { handle } from '../http.ts';
import { ALICE, BOB, connection, FakeWorld, LMSTUDIO_KIND, OLLAMA_KIND, OPENAI_KIND, post } from '../../_test/fake-world.ts';
import { createRuntimeHandler } from './runtime-handler.ts';
import { RuntimeError, type RuntimeServer } from '../core/runtime/types.ts';

const LLAMA = 'llama3.2:latest';
const QWEN = 'qwen2.5:7b';

async function withOllama(fn: (ollama: ReturnType<typeof startFakeOllama>, world: FakeWorld, runtime: (userId: string, body: unknown) => Promise<Response>, connectionId: string) => Promise<void>) {
  const ollama = startFakeOllama();
  try {
    const world = new FakeWorld();
    const c = world.add(connection(ALICE, OLLAMA_KIND, { base_url: ollama.url }));
    world.addRuntimeModels(c.id, [LLAMA, QWEN, 'gemma3:4b']);
    const handler = handle(createRuntimeHandler(world.deps()));
    await fn(ollama, world, async (userId, body) => await handler(post(userId, body)), c.id);
  } finally {
    await ollama.close();
  }
}

Deno.test('runtime status lists installed models with size, family and quantization, and what is loaded', async () => {
  await withOllama(async (ollama, world, runtime, id) => {
    await fetch(`${ollama.url}/api/generate`, { method: 'POST', body: JSON.stringify({ model: QWEN, keep_alive: '10m' }) }).then((r) => r.body?.cancel());
    const response = await runtime(ALICE, { connection_id: id, action: 'status' });
    assert.equal(response.status, 200);
    const body = await response.json();
    const qwen = body.models.find((m: { model_id: string }) => m.model_id === QWEN);
    assert.equal(qwen.loaded, true);
    assert.equal(qwen.status, 'running');
    assert.equal(qwen.family, 'qwen2');
    assert.equal(qwen.quantization, 'Q4_K_M');
    assert.ok(qwen.memory_bytes > 0);
    assert.ok(Date.parse(qwen.expires_at) > Date.now() + 9 * 60_000);
    const llama = body.models.find((m: { model_id: string }) => m.model_id === LLAMA);
    assert.equal(llama.status, 'idle');
    // Stored, so other devices see it; and only what changed was written.
    assert.equal(world.runtime.get(id)!.get(QWEN)!.runtime_status, 'running');
    assert.deepEqual(world.runtimeWrites.map((w) => w.modelId), [QWEN]);
    // A model the server has that discovery has not stored yet is listed, marked as such.
    assert.equal(body.models.find((m: { model_id: string }) => m.model_id === 'nomic-embed-text:latest').known, false);
  });
});

Deno.test('load: the status is "loading" while the server loads, then "running" with its memory and expiry', async () => {
  await withOllama(async (ollama, world, runtime, id) => {
    ollama.set({ loadDelayMs: 300 });
    const pending = runtime(ALICE, { connection_id: id, action: 'load', model_id: LLAMA, keep_alive: '1h' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(world.runtime.get(id)!.get(LLAMA)!.runtime_status, 'loading');
    const response = await pending;
    assert.equal(response.status, 200);
    const { model } = await response.json();
    assert.equal(model.status, 'running');
    assert.equal(model.loaded, true);
    assert.ok(Date.parse(model.expires_at) > Date.now() + 59 * 60_000);
    assert.equal(ollama.loaded.has(LLAMA), true);
    const stored = world.runtime.get(id)!.get(LLAMA)!;
    assert.equal(stored.runtime_status, 'running');
    assert.ok(stored.runtime_memory_bytes! > 0);
  });
});

Deno.test('a failed load returns the model to its previous status and stores the server’s reason', async () => {
  await withOllama(async (ollama, world, runtime, id) => {
    ollama.set({ failLoad: LLAMA });
    const response = await runtime(ALICE, { connection_id: id, action: 'load', model_id: LLAMA });
    assert.equal(response.status, 502);
    const { error } = await response.json();
    assert.equal(error.code, 'load_failed');
    assert.match(error.message, /more system memory/);
    const stored = world.runtime.get(id)!.get(LLAMA)!;
    assert.equal(stored.runtime_status, 'idle');
    assert.match(stored.runtime_error!, /more system memory/);
    // It went through "loading" on the way.
    assert.deepEqual(world.runtimeWrites.map((w) => w.patch.runtime_status), ['loading', 'idle']);
  });
});

Deno.test('unload and delete go through Ollama’s API and are stored', async () => {
  await withOllama(async (ollama, world, runtime, id) => {
    assert.equal((await runtime(ALICE, { connection_id: id, action: 'load', model_id: QWEN })).status, 200);
    const unloaded = await runtime(ALICE, { connection_id: id, action: 'unload', model_id: QWEN });
    assert.equal(unloaded.status, 200);
    assert.equal((await unloaded.json()).model.status, 'idle');
    assert.equal(ollama.loaded.has(QWEN), false);

    const deleted = await runtime(ALICE, { connection_id: id, action: 'delete', model_id: QWEN });
    assert.equal(deleted.status, 200);
    assert.equal(ollama.deleted.has(QWEN), true);
    assert.equal(world.runtime.get(id)!.get(QWEN)!.available, false);

    const missing = await runtime(ALICE, { connection_id: id, action: 'delete', model_id: QWEN });
    assert.equal(missing.status, 404);
    assert.match((await missing.json()).error.message, /does not have qwen2.5:7b/);
  });
});

Deno.test('another user’s connection does not exist for the caller, and nothing is touched', async () => {
  await withOllama(async (ollama, world, runtime, id) => {
    const response = await runtime(BOB, { connection_id: id, action: 'load', model_id: LLAMA });
    assert.equal(response.status, 404);
    assert.equal(ollama.loaded.size, 0);
    assert.equal(ollama.requestCount, 0);
    assert.deepEqual(world.runtimeWrites, []);
    assert.equal((await runtime(null as unknown as string, { connection_id: id, action: 'status' })).status, 401);
  });
});

Deno.test('bad input is a 400 that says what to fix, before any request to the server', async () => {
  await withOllama(async (ollama, _world, runtime, id) => {
    for (const [body, pattern] of [
      [{ connection_id: id, action: 'load' }, /model_id is required/],
      [{ connection_id: id, action: 'explode', model_id: LLAMA }, /action must be one of/],
      [{ connection_id: 'nope', action: 'status' }, /connection_id must be/],
      [{ connection_id: id, action: 'load', model_id: LLAMA, keep_alive: 'soon' }, /keep_alive must be a duration/],
      [{ connection_id: id, action: 'status', extra: 1 }, /extra/],
    ] as const) {
      const response = await runtime(ALICE, body);
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.match((await response.json()).error.message, pattern);
    }
    assert.equal(ollama.requestCount, 0);
  });
});

Deno.test('status of a server that cannot be reached is a read: 200, the reason, and the last known statuses', async () => {
  const world = new FakeWorld();
  const c = world.add(connection(ALICE, OLLAMA_KIND, { base_url: 'http://127.0.0.1:9' }));
  const seen = '2026-11-20T08:00:00+00:00';
  world.addRuntimeModels(c.id, [LLAMA], { runtime_status: 'running', runtime_status_at: seen, runtime_memory_bytes: 2_000_000, family: 'llama', size_bytes: 2_019_393_189 });
  world.addRuntimeModels(c.id, [QWEN], { runtime_status_at: seen });
  world.addRuntimeModels(c.id, ['gone:latest'], { available: false });
  const runtime = handle(createRuntimeHandler(world.deps()));

  const response = await runtime(post(ALICE, { connection_id: c.id, action: 'status' }));
  assert.equal(response.status, 200);
  const body = await response.json();
  assert.equal(body.reachable, false);
  assert.equal(body.error.code, 'connection_refused');
  assert.match(body.error.message, /^Nothing answered at 127\.0\.0\.1:9: the connection was refused\./);
  // What was stored when the server was last seen, marked as such; models it no longer had are left out.
  assert.deepEqual(body.models.map((m: { model_id: string }) => m.model_id), [LLAMA, QWEN]);
  const [llama, qwen] = body.models;
  assert.deepEqual(
    { status: llama.status, loaded: llama.loaded, status_at: llama.status_at, last_known: llama.last_known, memory_bytes: llama.memory_bytes, family: llama.family, installed: llama.installed },
    { status: 'running', loaded: true, status_at: seen, last_known: true, memory_bytes: 2_000_000, family: 'llama', installed: true },
  );
  assert.equal(qwen.status, 'idle');
  // Nothing is stored from a server that said nothing: other devices keep seeing the last status.
  assert.deepEqual(world.runtimeWrites, []);

  // Acting on it is a failure to do what was asked: 502 with a sentence, and the status restored.
  const load = await runtime(post(ALICE, { connection_id: c.id, action: 'load', model_id: QWEN }));
  assert.equal(load.status, 502);
  const { error } = await load.json();
  assert.equal(error.code, 'connection_refused');
  assert.match(error.message, /Check that the server is running/);
  assert.equal(world.runtime.get(c.id)!.get(QWEN)!.runtime_status, 'idle');
  for (const action of ['unload', 'delete'] as const) {
    assert.equal((await runtime(post(ALICE, { connection_id: c.id, action, model_id: LLAMA }))).status, 502, action);
  }
});

Deno.test('a server answering errors or nonsense is read as not reachable too; a live answer says reachable', async () => {
  await withOllama(async (ollama, _world, runtime, id) => {
    const live = await (await runtime(ALICE, { connection_id: id, action: 'status' })).json();
    assert.equal(live.reachable, true);
    assert.ok(live.models.every((m: { last_known: boolean }) => m.last_known === false));
    for (const [mode, code] of [['server_error', 'http_error'], ['html', 'bad_response']] as const) {
      ollama.set({ mode });
      const response = await runtime(ALICE, { connection_id: id, action: 'status' });
      assert.equal(response.status, 200, mode);
      const body = await response.json();
      assert.deepEqual([body.reachable, body.error.code], [false, code], mode);
      assert.equal(body.models.length, 3, mode);
    }
  });
});

Deno.test('a base URL the SSRF policy refuses is a 422 for status and actions alike, and nothing is sent', async () => {
  await withOllama(async (ollama, world, runtime, id) => {
    world.env.SWITCHBOARD_ALLOW_PRIVATE_ENDPOINTS = 'false';
    for (const body of [{ connection_id: id, action: 'status' }, { connection_id: id, action: 'load', model_id: LLAMA }]) {
      const response = await runtime(ALICE, body);
      assert.equal(response.status, 422, body.action);
      const { error } = await response.json();
      assert.equal(error.code, 'blocked_address');
      assert.match(error.message, /private or local address/);
    }
    assert.equal(ollama.requestCount, 0);
    const meta = world.add(connection(ALICE, OLLAMA_KIND, { base_url: 'http://169.254.169.254' }));
    const response = await runtime(ALICE, { connection_id: meta.id, action: 'status' });
    assert.equal(response.status, 422);
    assert.match((await response.json()).error.message, /cloud metadata service/);
  });
});

Deno.test('what a server reports is stored only in forms the columns accept (dates, byte counts, its words)', async () => {
  const world = new FakeWorld();
  const c = world.add(connection(ALICE, OLLAMA_KIND, { base_url: 'http://ollama.test' }));
  world.addRuntimeModels(c.id, [LLAMA, QWEN]);
  const odd: RuntimeServer = {
    list: () => Promise.resolve([
      { modelId: LLAMA, loaded: true, memoryBytes: 1e300, expiresAt: 'soon\u0000' },
      { modelId: QWEN, loaded: true, memoryBytes: 5, expiresAt: '+275760-09-13T00:00:00.000Z' },
    ]),
    load: () => Promise.reject(new RuntimeError('load_failed', 'Ollama could not load it: out of \u0000memory \ud800.')),
    unload: () => Promise.resolve(),
    remove: () => Promise.resolve(),
  };
  const runtime = handle(createRuntimeHandler(world.deps(), { serverFor: () => odd }));
  const status = await runtime(post(ALICE, { connection_id: c.id, action: 'status' }));
  assert.equal(status.status, 200);
  const llama = world.runtime.get(c.id)!.get(LLAMA)!;
  assert.deepEqual([llama.runtime_status, llama.runtime_memory_bytes, llama.runtime_expires_at], ['running', null, null]);
  assert.deepEqual([world.runtime.get(c.id)!.get(QWEN)!.runtime_memory_bytes, world.runtime.get(c.id)!.get(QWEN)!.runtime_expires_at], [5, null]);

  const load = await runtime(post(ALICE, { connection_id: c.id, action: 'load', model_id: QWEN }));
  assert.equal(load.status, 502);
  assert.equal(world.runtime.get(c.id)!.get(QWEN)!.runtime_error, 'Ollama could not load it: out of memory \uFFFD.');
});

Deno.test('cloud kinds and browser-probed connections are refused with a reason', async () => {
  const world = new FakeWorld();
  const cloud = world.add(connection(ALICE, OPENAI_KIND));
  const local = world.add(connection(ALICE, OLLAMA_KIND, { probe_from: 'browser' }));
  const runtime = handle(createRuntimeHandler(world.deps()));
  const a = await runtime(post(ALICE, { connection_id: cloud.id, action: 'status' }));
  assert.equal(a.status, 422);
  assert.equal((await a.json()).error.code, 'unsupported_kind');
  const b = await runtime(post(ALICE, { connection_id: local.id, action: 'status' }));
  assert.equal(b.status, 409);
  assert.equal((await b.json()).error.code, 'browser_probe');
});

Deno.test('LM Studio: status, load with a context length, a failed load, unload, and no delete', async () => {
  const lm = startFakeLmStudio();
  try {
    const world = new FakeWorld();
    const c = world.add(connection(ALICE, LMSTUDIO_KIND, { base_url: `${lm.url}/v1` }));
    const QWEN3 = 'qwen/qwen3-4b-2507';
    const GEMMA = 'google/gemma-3-12b';
    world.addRuntimeModels(c.id, [QWEN3, GEMMA]);
    const runtime = async (body: unknown) => await handle(createRuntimeHandler(world.deps()))(post(ALICE, body));

    const status = await (await runtime({ connection_id: c.id, action: 'status' })).json();
    assert.equal(status.models.length, 4);
    assert.deepEqual(
      (({ model_id, family, parameter_size, quantization, loaded }) => ({ model_id, family, parameter_size, quantization, loaded }))(status.models[0]),
      { model_id: QWEN3, family: 'qwen3', parameter_size: '4B', quantization: 'Q4_K_M', loaded: false },
    );

    const loaded = await runtime({ connection_id: c.id, action: 'load', model_id: QWEN3, context_length: 8192 });
    assert.equal(loaded.status, 200);
    const { model } = await loaded.json();
    assert.equal(model.status, 'running');
    assert.equal(model.context_length, 8192);
    assert.equal(lm.loaded.get(QWEN3), 8192);

    lm.set({ failLoad: GEMMA });
    const failed = await runtime({ connection_id: c.id, action: 'load', model_id: GEMMA });
    assert.equal(failed.status, 502);
    assert.match((await failed.json()).error.message, /insufficient system resources/);
    assert.equal(world.runtime.get(c.id)!.get(GEMMA)!.runtime_status, 'idle');

    assert.equal((await runtime({ connection_id: c.id, action: 'unload', model_id: QWEN3 })).status, 200);
    assert.equal(lm.loaded.size, 0);

    const removed = await runtime({ connection_id: c.id, action: 'delete', model_id: QWEN3 });
    assert.equal(removed.status, 422);
    assert.match((await removed.json()).error.message, /Delete qwen\/qwen3-4b-2507 in LM Studio/);
  } finally {
    await lm.close();
  }
});
