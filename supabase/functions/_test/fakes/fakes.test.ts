import assert from 'node:assert/strict';
import { METADATA_REDIRECT_TARGET } from './fake-server.ts';
import { startFakeOllama } from './ollama.ts';
import { FAKE_OPENAI_KEY, startFakeOpenAI } from './openai.ts';

const auth = { authorization: `Bearer ${FAKE_OPENAI_KEY}` };

Deno.test('fake OpenAI lists models in OpenAI shape and checks the Bearer key', async () => {
  const server = startFakeOpenAI({ modelCount: 3 });
  try {
    const ok = await fetch(`${server.url}/v1/models`, { headers: auth });
    const body = await ok.json();
    assert.equal(ok.status, 200);
    assert.equal(body.object, 'list');
    assert.deepEqual(body.data.map((m: { id: string }) => m.id), ['gpt-4o', 'gpt-4o-mini', 'text-embedding-3-small']);
    assert.deepEqual(Object.keys(body.data[0]).sort(), ['created', 'id', 'object', 'owned_by']);

    const missing = await fetch(`${server.url}/v1/models`);
    const missingBody = await missing.json();
    assert.equal(missing.status, 401);
    assert.equal(missingBody.error.type, 'invalid_request_error');
    assert.match(missingBody.error.message, /didn't provide an API key/);

    const wrong = await fetch(`${server.url}/v1/models`, { headers: { authorization: 'Bearer sk-wrong-key-000000' } });
    const wrongBody = await wrong.json();
    assert.equal(wrong.status, 401);
    assert.equal(wrongBody.error.code, 'invalid_api_key');
    assert.ok(!wrongBody.error.message.includes('sk-wrong-key-000000'), 'the fake masks keys like OpenAI does');
  } finally {
    await server.close();
  }
});

Deno.test('fake OpenAI: control endpoint switches modes; the path prefix overrides per request', async () => {
  const server = startFakeOpenAI();
  try {
    const set = await fetch(`${server.url}/__control`, {
      method: 'POST',
      body: JSON.stringify({ mode: 'server_error' }),
    });
    assert.equal((await set.json()).state.mode, 'server_error');
    const failed = await fetch(`${server.url}/v1/models`, { headers: auth });
    assert.equal(failed.status, 500);
    assert.equal((await failed.json()).error.type, 'server_error');

    const overridden = await fetch(`${server.baseUrlWith({ mode: 'ok', modelCount: 7 })}/v1/models`, { headers: auth });
    assert.equal((await overridden.json()).data.length, 7);

    const bad = await fetch(`${server.url}/__control`, { method: 'POST', body: JSON.stringify({ mode: 'nonsense' }) });
    assert.equal(bad.status, 400);
    await bad.body?.cancel();

    const limited = await fetch(`${server.baseUrlWith({ mode: 'rate_limited', retryAfterSeconds: 12 })}/v1/models`);
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '12');
    assert.equal((await limited.json()).error.code, 'rate_limit_exceeded');
  } finally {
    await server.close();
  }
});

Deno.test('fake OpenAI: redirect modes point at metadata, loop, or chain the requested hops', async () => {
  const server = startFakeOpenAI({ apiKey: null });
  try {
    const meta = await fetch(`${server.baseUrlWith({ mode: 'redirect_metadata' })}/v1/models`, { redirect: 'manual' });
    assert.equal(meta.status, 302);
    assert.equal(meta.headers.get('location'), METADATA_REDIRECT_TARGET);

    const first = await fetch(`${server.baseUrlWith({ mode: 'redirect_loop' })}/v1/models`, { redirect: 'manual' });
    const second = await fetch(first.headers.get('location')!, { redirect: 'manual' });
    assert.equal(second.status, 302);
    assert.equal(second.headers.get('location'), `${server.baseUrlWith({ mode: 'redirect_loop', hop: 0 })}/v1/models`);

    const chained = await fetch(`${server.baseUrlWith({ mode: 'redirect_chain', hops: 2 })}/v1/models`);
    assert.equal(chained.status, 200, 'fetch follows the chain to the real answer');
    assert.equal((await chained.json()).object, 'list');
  } finally {
    await server.close();
  }
});

Deno.test('fake OpenAI: malformed, html and huge bodies', async () => {
  const server = startFakeOpenAI({ apiKey: null });
  try {
    const malformed = await fetch(`${server.baseUrlWith({ mode: 'malformed' })}/v1/models`);
    await assert.rejects(malformed.json(), SyntaxError);

    const html = await fetch(`${server.baseUrlWith({ mode: 'html' })}/v1/models`);
    assert.match(html.headers.get('content-type')!, /text\/html/);
    await html.body?.cancel();

    const huge = await fetch(`${server.baseUrlWith({ mode: 'huge', hugeBytes: 300_000 })}/v1/models`);
    const text = await huge.text();
    assert.ok(text.length >= 300_000);
    assert.ok(JSON.parse(text).data.length > 1000, 'the huge body is still a valid model list');
  } finally {
    await server.close();
  }
});

Deno.test('fake servers close promptly even while a request hangs', async () => {
  const server = startFakeOpenAI({ mode: 'hang' });
  const controller = new AbortController();
  const pending = fetch(`${server.url}/v1/models`, { signal: controller.signal }).catch((e) => e);
  await new Promise((r) => setTimeout(r, 50));
  const started = performance.now();
  controller.abort();
  await pending;
  await server.close();
  assert.ok(performance.now() - started < 1_000);
});

Deno.test('fake Ollama: tags, version, ps, load/unload and delete behave like Ollama', async () => {
  const server = startFakeOllama();
  try {
    const tags = await (await fetch(`${server.url}/api/tags`)).json();
    assert.equal(tags.models.length, 5);
    const first = tags.models[0];
    assert.deepEqual(Object.keys(first).sort(), ['details', 'digest', 'model', 'modified_at', 'name', 'size']);
    assert.deepEqual(Object.keys(first.details).sort(), [
      'families',
      'family',
      'format',
      'parameter_size',
      'parent_model',
      'quantization_level',
    ]);
    assert.match(first.digest, /^[0-9a-f]{64}$/);

    assert.deepEqual(await (await fetch(`${server.url}/api/version`)).json(), { version: '0.12.3' });

    const load = await (await fetch(`${server.url}/api/generate`, {
      method: 'POST',
      body: JSON.stringify({ model: 'llama3.2', keep_alive: '5m' }),
    })).json();
    assert.equal(load.done_reason, 'load');
    const ps = await (await fetch(`${server.url}/api/ps`)).json();
    assert.deepEqual(ps.models.map((m: { name: string }) => m.name), ['llama3.2:latest']);

    const unload = await (await fetch(`${server.url}/api/generate`, {
      method: 'POST',
      body: JSON.stringify({ model: 'llama3.2:latest', keep_alive: 0 }),
    })).json();
    assert.equal(unload.done_reason, 'unload');

    const missing = await fetch(`${server.url}/api/generate`, {
      method: 'POST',
      body: JSON.stringify({ model: 'nope' }),
    });
    assert.equal(missing.status, 404);
    assert.deepEqual(await missing.json(), { error: "model 'nope' not found" });

    const deleted = await fetch(`${server.url}/api/delete`, {
      method: 'DELETE',
      body: JSON.stringify({ model: 'qwen2.5:7b' }),
    });
    assert.equal(deleted.status, 200);
    await deleted.body?.cancel();
    const after = await (await fetch(`${server.url}/api/tags`)).json();
    assert.equal(after.models.length, 4);

    const unknown = await fetch(`${server.url}/api/nothing`);
    assert.equal(unknown.status, 404);
    assert.equal(await unknown.text(), '404 page not found');

    server.set({ mode: 'server_error' });
    const failed = await fetch(`${server.url}/api/tags`);
    assert.equal(failed.status, 500);
    assert.equal(typeof (await failed.json()).error, 'string');
  } finally {
    await server.close();
  }
});

Deno.test('serve-fakes CLI prints its URLs and stops when stdin closes', async () => {
  const deno = Deno.execPath();
  const config = new URL('../../deno.json', import.meta.url).pathname;
  const script = new URL('./serve-fakes.ts', import.meta.url).pathname;
  const child = new Deno.Command(deno, {
    args: [
      'run',
      '--config',
      config,
      '--allow-net=127.0.0.1',
      script,
      '--models',
      '12',
      '--no-auth',
      '--stdin-lifeline',
    ],
    stdin: 'piped',
    stdout: 'piped',
    stderr: 'piped',
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let line = '';
  while (!line.includes('\n')) {
    const { value, done } = await reader.read();
    if (done) break;
    line += value;
  }
  const urls = JSON.parse(line.trim());
  const tags = await (await fetch(`${urls.ollama}/api/tags`)).json();
  assert.equal(tags.models.length, 12);
  const models = await (await fetch(`${urls.openai}/v1/models`)).json();
  assert.equal(models.data.length, 12);
  await child.stdin.close();
  const status = await child.status;
  assert.equal(status.code, 0);
  reader.releaseLock();
  await child.stdout.cancel().catch(() => {});
  await child.stderr.cancel();
});

Deno.test('serve-fakes CLI stops on SIGTERM', async () => {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      'run',
      '--config',
      new URL('../../deno.json', import.meta.url).pathname,
      '--allow-net=127.0.0.1',
      new URL('./serve-fakes.ts', import.meta.url).pathname,
    ],
    stdin: 'null',
    stdout: 'piped',
    stderr: 'piped',
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let line = '';
  while (!line.includes('\n')) {
    const { value, done } = await reader.read();
    if (done) break;
    line += value;
  }
  const urls = JSON.parse(line.trim());
  assert.equal((await fetch(`${urls.ollama}/api/version`).then((r) => r.json())).version, '0.12.3');
  child.kill('SIGTERM');
  assert.equal((await child.status).code, 0, 'stdin from /dev/null does not stop it; SIGTERM does, cleanly');
  reader.releaseLock();
  await child.stdout.cancel().catch(() => {});
  await child.stderr.cancel();
});
