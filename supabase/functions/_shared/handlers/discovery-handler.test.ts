import assert from 'node:assert/strict';
import type { FakeServer } from '../../_test/fakes/fake-server.ts';
import { startFakeOllama } from '../../_test/fakes/ollama.ts';
import { FAKE_OPENAI_KEY, startFakeOpenAI } from '../../_test/fakes/openai.ts';
import { handle } from '../http.ts';
import { toByteaHex } from '../lockbox/bytea.ts';
import { encryptSecret } from '../lockbox/crypto.ts';
import { createDiscoveryHandler } from './discovery-handler.ts';
import { createGenerateHandler } from './generate-handler.ts';
import { createHealthHandler } from './health-handler.ts';
import { createRuntimeHandler } from './runtime-handler.ts';
import { ALICE, BOB, connection, FakeWorld, OLLAMA_KIND, OPENAI_KIND, post } from '../../_test/fake-world.ts';
import { createLockboxHandler } from './lockbox-handler.ts';
import { type KindRecord, StoreError } from '../connections/ports.ts';

/** A self-hosted OpenAI-compatible kind (no server key) and a cloud one whose server key is TEST_SERVER_KEY. */
const VLLM_KIND: KindRecord = { ...OPENAI_KIND, id: 'vllm', server_key_env: null };
const CLOUD_KIND: KindRecord = { ...OPENAI_KIND, id: 'cloudish', server_key_env: 'TEST_SERVER_KEY' };

async function withFakes(fn: (openai: FakeServer, ollama: FakeServer) => Promise<void>) {
  const openai = startFakeOpenAI();
  const ollama = startFakeOllama();
  try {
    await fn(openai, ollama);
  } finally {
    await Promise.all([openai.close(), ollama.close()]);
  }
}

function setup() {
  const world = new FakeWorld();
  const discovery = handle(createDiscoveryHandler(world.deps()));
  const lockbox = handle(createLockboxHandler(world.deps()));
  return { world, discovery, lockbox };
}

Deno.test('discovery fills the models of an Ollama connection and records a healthy check', async () => {
  await withFakes(async (_openai, ollama) => {
    const { world, discovery } = setup();
    const c = world.add(connection(ALICE, OLLAMA_KIND, { base_url: ollama.baseUrlWith({ modelCount: 5 }) }));
    const response = await discovery(post(ALICE, { connection_id: c.id }));
    assert.equal(response.status, 200);
    const body = await response.json();
    assert.equal(body.added, 5);
    assert.equal(body.available, 5);
    assert.equal(body.key_source, 'none');
    assert.equal(body.partial, false);
    assert.equal(body.status, 'healthy');
    assert.deepEqual(world.syncCalls, [{ connectionId: c.id, count: 5, complete: true }]);
    const embed = world.models.get(c.id)!.get('nomic-embed-text:latest')!;
    assert.deepEqual(embed.capabilities, ['embedding']);
    assert.equal(world.health.length, 1);
    assert.equal(world.health[0].status, 'healthy');
    assert.equal(world.health[0].model_count, 5);
    assert.equal(world.health[0].source, 'server');

    // The server now lists 3: the other 2 are marked unavailable, not deleted.
    world.connections.set(c.id, { ...c, base_url: ollama.baseUrlWith({ modelCount: 3 }) });
    const again = await (await discovery(post(ALICE, { connection_id: c.id }))).json();
    assert.equal(again.marked_unavailable, 2);
    assert.equal(again.available, 3);
    assert.equal(world.models.get(c.id)!.size, 5);
  });
});

Deno.test('key resolution order: the lockbox key, then the server key, then none', async () => {
  await withFakes(async (openai) => {
    const { world, discovery, lockbox } = setup();
    world.env.TEST_SERVER_KEY = FAKE_OPENAI_KEY;
    const cloud = world.add(connection(ALICE, CLOUD_KIND, { base_url: openai.url }));

    const server = await (await discovery(post(ALICE, { connection_id: cloud.id }))).json();
    assert.equal(server.key_source, 'server');

    // A wrong lockbox key wins over the right server key: the user's choice is never second-guessed.
    await lockbox(post(ALICE, { action: 'set', connection_id: cloud.id, api_key: 'sk-user-wrong-key' }));
    const wrong = await discovery(post(ALICE, { connection_id: cloud.id }));
    assert.equal(wrong.status, 502);
    assert.equal((await wrong.json()).error.code, 'invalid_key');

    await lockbox(post(ALICE, { action: 'set', connection_id: cloud.id, api_key: FAKE_OPENAI_KEY }));
    assert.equal((await (await discovery(post(ALICE, { connection_id: cloud.id }))).json()).key_source, 'user');

    // Self-hosted kinds never receive a deployment's key.
    world.env.OPENAI_API_KEY = FAKE_OPENAI_KEY;
    const selfHosted = world.add(connection(ALICE, VLLM_KIND, { base_url: openai.url }));
    const none = await discovery(post(ALICE, { connection_id: selfHosted.id }));
    assert.equal(none.status, 502);
    const { error } = await none.json();
    assert.equal(error.code, 'invalid_key');
    assert.match(error.message, /needs an API key/);
  });
});

Deno.test('upstream failures answer 502 with the mapped code and sentence, and are recorded', async () => {
  await withFakes(async (openai, ollama) => {
    const { world, discovery } = setup();
    const closedPort = (() => {
      const listener = Deno.listen({ hostname: '127.0.0.1', port: 0 });
      const port = (listener.addr as Deno.NetAddr).port;
      listener.close();
      return port;
    })();
    const cases: Array<[string, string, RegExp, Record<string, unknown>?]> = [
      [openai.baseUrlWith({ mode: 'unauthorized' }), 'invalid_key', /needs an API key \(HTTP 401/],
      [ollama.baseUrlWith({ mode: 'hang' }), 'timeout', /did not answer within 1 s/, { timeout_ms: 1000 }],
      [`http://127.0.0.1:${closedPort}`, 'connection_refused', /refused/],
      [ollama.baseUrlWith({ mode: 'malformed' }), 'bad_response', /could not be read/],
      [ollama.baseUrlWith({ mode: 'html' }), 'bad_response', /web page/],
      [ollama.baseUrlWith({ mode: 'server_error' }), 'http_error', /HTTP 500/],
      [ollama.baseUrlWith({ mode: 'redirect_loop' }), 'http_error', /redirects in a loop/],
    ];
    for (const [baseUrl, code, message, extra] of cases) {
      const kind = baseUrl.startsWith(openai.url) ? OPENAI_KIND : OLLAMA_KIND;
      const c = world.add(connection(ALICE, kind, { base_url: baseUrl }));
      const response = await discovery(post(ALICE, { connection_id: c.id, ...extra }));
      assert.equal(response.status, 502, baseUrl);
      const { error } = await response.json();
      assert.equal(error.code, code, baseUrl);
      assert.match(error.message, message);
      const row = world.health.at(-1)!;
      assert.equal(row.connection_id, c.id);
      assert.equal(row.status, 'unhealthy');
      assert.equal(row.error_code, code);
      assert.equal(row.error, error.message);
    }
    assert.equal(world.syncCalls.length, 0, 'nothing synced from a failure');
  });
});

Deno.test('a base URL the SSRF policy refuses is the caller\'s to fix: 422 blocked_address, recorded, nothing sent', async () => {
  await withFakes(async (_openai, ollama) => {
    const { world, discovery } = setup();
    const cases: Array<[string, RegExp]> = [
      ['http://169.254.169.254/latest', /169\.254\.169\.254 is a cloud metadata service.*never contacts/],
      ['http://metadata.google.internal', /cloud metadata service/],
      ['http://[fd00:ec2::254]', /cloud metadata service/],
      ['http://user:secret@example.test', /user name or password/],
      ['ftp://example.test/models', /starts with ftp:, but only http:\/\/ and https:\/\/ base URLs are supported/],
      ['http://example.test:99999', /not a valid URL/],
    ];
    for (const [baseUrl, message] of cases) {
      const c = world.add(connection(ALICE, OLLAMA_KIND, { base_url: baseUrl }));
      const response = await discovery(post(ALICE, { connection_id: c.id }));
      assert.equal(response.status, 422, baseUrl);
      const { error } = await response.json();
      assert.equal(error.code, 'blocked_address', baseUrl);
      assert.match(error.message, message, baseUrl);
      const row = world.health.at(-1)!;
      assert.equal(row.connection_id, c.id, baseUrl);
      assert.deepEqual([row.status, row.error_code, row.error], ['unhealthy', 'blocked_address', error.message], baseUrl);
    }

    // A redirect the guard refuses: the server was asked, but where it points is forbidden.
    const redirected = world.add(connection(ALICE, OLLAMA_KIND, { base_url: ollama.baseUrlWith({ mode: 'redirect_metadata' }) }));
    const before = ollama.requestCount;
    const refused = await discovery(post(ALICE, { connection_id: redirected.id }));
    assert.equal(refused.status, 422);
    const { error } = await refused.json();
    assert.equal(error.code, 'blocked_address');
    assert.match(error.message, new RegExp(`^127\\.0\\.0\\.1:${ollama.port} redirected to 169\\.254\\.169\\.254, a cloud metadata service`));
    assert.equal(ollama.requestCount, before + 1, 'only the first hop was sent');

    // Private endpoints off (a hosted deployment): loopback is refused before any request.
    world.env.SWITCHBOARD_ALLOW_PRIVATE_ENDPOINTS = 'false';
    const local = world.add(connection(ALICE, OLLAMA_KIND, { base_url: ollama.url }));
    const sent = ollama.requestCount;
    const blocked = await discovery(post(ALICE, { connection_id: local.id }));
    assert.equal(blocked.status, 422);
    const body = await blocked.json();
    assert.equal(body.error.code, 'blocked_address');
    assert.match(body.error.message, /private or local address/);
    assert.equal(ollama.requestCount, sent);
    assert.equal(world.syncCalls.length, 0);
  });
});

Deno.test('discovery refuses browser-probed, foreign and misconfigured connections before any request', async () => {
  const { world, discovery, lockbox } = setup();
  const browser = world.add(connection(ALICE, OLLAMA_KIND, { probe_from: 'browser' }));
  const response = await discovery(post(ALICE, { connection_id: browser.id }));
  assert.equal(response.status, 409);
  assert.equal((await response.json()).error.code, 'browser_probe');

  const bobs = world.add(connection(BOB, OLLAMA_KIND));
  const foreign = await discovery(post(ALICE, { connection_id: bobs.id }));
  assert.equal(foreign.status, 404);
  assert.equal(world.health.length, 0, "nothing recorded on someone else's connection");

  const custom = world.add(
    connection(ALICE, { ...OLLAMA_KIND, id: 'custom', models_path: null, discovery_adapter: 'custom' }, {
      kind: 'custom',
      base_url: 'http://127.0.0.1:9',
    }),
  );
  const misconfigured = await discovery(post(ALICE, { connection_id: custom.id }));
  assert.equal(misconfigured.status, 422);
  const { error } = await misconfigured.json();
  assert.equal(error.code, 'invalid_connection');
  assert.match(error.message, /models path/);

  // A stored key that no longer decrypts: the user is told to save it again.
  const keyed = world.add(connection(ALICE, OPENAI_KIND, { base_url: 'http://127.0.0.1:9' }));
  await lockbox(post(ALICE, { action: 'set', connection_id: keyed.id, api_key: 'sk-some-key-1234' }));
  const stored = world.secrets.get(`${ALICE}:${keyed.id}`)!;
  stored.ciphertext = stored.ciphertext.slice(0, -2) + (stored.ciphertext.endsWith('00') ? '01' : '00');
  const unreadable = await discovery(post(ALICE, { connection_id: keyed.id }));
  assert.equal(unreadable.status, 409);
  assert.match((await unreadable.json()).error.message, /Save the key again/);
  assert.equal(world.health.at(-1)!.error_code, 'invalid_key');
  assert.ok(!world.logs.join('\n').includes('sk-some-key-1234'));
});

Deno.test('a list that is partial or cannot be stored is handled without marking models missing', async () => {
  await withFakes(async (_openai, ollama) => {
    const { world } = setup();
    const c = world.add(connection(ALICE, OLLAMA_KIND, { base_url: ollama.url }));
    const partial = handle(createDiscoveryHandler(world.deps(), {
      discover: (target) =>
        Promise.resolve({
          ok: true,
          models: [{ modelId: 'a', displayName: 'a', capabilities: ['image'] }],
          skipped: 2,
          pages: 1,
          partial: true,
          url: target.baseUrl,
          latencyMs: 12,
        }),
    }));
    const body = await (await partial(post(ALICE, { connection_id: c.id }))).json();
    assert.equal(body.partial, true);
    assert.equal(body.skipped, 2);
    assert.equal(body.status, 'degraded');
    assert.deepEqual(world.syncCalls.at(-1), { connectionId: c.id, count: 1, complete: false });
    assert.deepEqual(world.models.get(c.id)!.get('a')!.capabilities, ['image_generation']);

    world.syncError = new StoreError('rejected', 'A model in the list has a value of the wrong type.');
    const rejected = await handle(createDiscoveryHandler(world.deps()))(post(ALICE, { connection_id: c.id }));
    assert.equal(rejected.status, 502);
    const { error } = await rejected.json();
    assert.equal(error.code, 'bad_response');
    assert.match(error.message, /could not be stored/);
    assert.equal(world.health.at(-1)!.error_code, 'bad_response');
  });
});

Deno.test('a key that cannot travel in a header is refused before any request, by every function: 422 for a stored key, 503 for a server key', async () => {
  await withFakes(async (openai, ollama) => {
    const { world, discovery } = setup();
    const runtime = handle(createRuntimeHandler(world.deps()));
    const generate = handle(createGenerateHandler(world.deps()));
    const health = handle(createHealthHandler(world.deps()));
    // Saved before the lockbox refused such keys: it decrypts, but no header can carry it.
    const stored = world.add(connection(ALICE, OLLAMA_KIND, { base_url: ollama.url }));
    const sealed = await encryptSecret(await world.keyring, 'sk-ключ-1234', { ownerId: ALICE, connectionId: stored.id });
    world.secrets.set(`${ALICE}:${stored.id}`, {
      owner_id: ALICE,
      connection_id: stored.id,
      ciphertext: toByteaHex(sealed.ciphertext),
      iv: toByteaHex(sealed.iv),
      key_version: sealed.keyVersion,
      hint: '1234',
      updated_at: '',
    });
    const calls: Array<[string, () => Response | Promise<Response>]> = [
      ['discovery', () => discovery(post(ALICE, { connection_id: stored.id }))],
      ['runtime', () => runtime(post(ALICE, { connection_id: stored.id, action: 'status' }))],
      ['generate', () => generate(post(ALICE, { connection_id: stored.id, model_id: 'llama3.2:latest', prompt: 'Hi' }))],
    ];
    for (const [name, call] of calls) {
      const response = await call();
      assert.equal(response.status, 422, name);
      const { error } = await response.json();
      assert.equal(error.code, 'invalid_key', name);
      assert.match(error.message, /not plain ASCII.*Save the key again/, name);
    }
    const checked = await (await health(post(ALICE, { connection_ids: [stored.id] }))).json();
    assert.deepEqual([checked.results[0].status, checked.results[0].error_code], ['unknown', 'invalid_key']);
    assert.equal(ollama.requestCount, 0);
    assert.equal(world.generations.size, 0);

    // The deployment's key for a cloud kind: the administrator's to fix.
    world.env.TEST_SERVER_KEY = 'sk-\u00e9t\u00e9';
    const cloud = world.add(connection(ALICE, CLOUD_KIND, { base_url: openai.url }));
    const response = await discovery(post(ALICE, { connection_id: cloud.id }));
    assert.equal(response.status, 503);
    const { error } = await response.json();
    assert.equal(error.code, 'server_key_invalid');
    assert.match(error.message, /TEST_SERVER_KEY.*Ask the administrator/);
    assert.equal(openai.requestCount, 0);
  });
});
