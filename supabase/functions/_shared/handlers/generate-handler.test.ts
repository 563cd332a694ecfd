import assert from 'node:assert/strict';
import { startFakeOllama } from '../../_test/fakes/ollama.ts';
import { FAKE_OPENAI_KEY, startFakeOpenAI } from '../../_test/fakes/openai.ts';
import { handle } from '../http.ts';
import { ALICE, BOB, connection, FakeWorld, OLLAMA_KIND, OPENAI_KIND, post } from '../../_test/fake-world.ts';
import { createGenerateHandler } from './generate-handler.ts';
import type { KindRecord } from '../connections/ports.ts';

/** A cloud kind whose server key is in the function's secrets. */
const CLOUD: KindRecord = { ...OPENAI_KIND, id: 'cloudish', server_key_env: 'TEST_OPENAI_KEY' };

async function lines(response: Response): Promise<Record<string, unknown>[]> {
  const text = await response.text();
  return text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line));
}

function setup(baseUrl: string, kind: KindRecord = CLOUD) {
  const world = new FakeWorld();
  world.env.TEST_OPENAI_KEY = FAKE_OPENAI_KEY;
  const c = world.add(connection(ALICE, kind, { base_url: baseUrl }));
  const generate = handle(createGenerateHandler(world.deps()));
  return { world, c, generate };
}

Deno.test('generate streams the answer token by token and records the run with its counts and timings', async () => {
  const openai = startFakeOpenAI({ tokenDelayMs: 5 });
  try {
    const { world, c, generate } = setup(openai.url);
    const response = await generate(post(ALICE, { connection_id: c.id, model_id: 'gpt-4o', prompt: 'Say hi', system_prompt: 'Be brief.', parameters: { temperature: 0.3, max_tokens: 50 } }));
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /ndjson/);
    const events = await lines(response);
    assert.equal(events[0].type, 'start');
    const tokens = events.filter((e) => e.type === 'token').map((e) => e.text).join('');
    assert.equal(tokens, 'This is a fake answer from gpt-4o to: Say hi');
    const done = events.at(-1)!;
    assert.equal(done.type, 'done');
    const stored = world.generations.get(String(events[0].generation_id))!;
    assert.equal(stored.status, 'completed');
    assert.equal(stored.output, tokens);
    assert.equal(stored.prompt_tokens, 12);
    assert.equal(stored.completion_tokens, 10);
    assert.ok(stored.first_token_ms! >= 0 && stored.first_token_ms! <= stored.latency_ms!);
    assert.deepEqual(stored.parameters, { temperature: 0.3, max_tokens: 50 });
    // The key is used, never shown.
    assert.ok(!JSON.stringify(events).includes(FAKE_OPENAI_KEY));
  } finally {
    await openai.close();
  }
});

Deno.test('a provider failing mid-stream ends with an error line, and the partial output is kept', async () => {
  const openai = startFakeOpenAI({ tokenDelayMs: 1, streamFailAfter: 4 });
  try {
    const { world, c, generate } = setup(openai.url);
    const events = await lines(await generate(post(ALICE, { connection_id: c.id, model_id: 'gpt-4o', prompt: 'x' })));
    const last = events.at(-1)!;
    assert.equal(last.type, 'error');
    assert.match(String((last.error as { message: string }).message), /broke off|closed the connection/);
    const stored = world.generations.get(String(events[0].generation_id))!;
    assert.equal(stored.status, 'error');
    assert.equal(stored.output, 'This is a fake ');
    assert.match(stored.error!, /broke off|closed the connection/);
  } finally {
    await openai.close();
  }
});

Deno.test('closing the request cancels the provider call and records the run as cancelled', async () => {
  const openai = startFakeOpenAI({ tokenDelayMs: 100 });
  try {
    const { world, c, generate } = setup(openai.url);
    const caller = new AbortController();
    const response = await generate(post(ALICE, { connection_id: c.id, model_id: 'gpt-4o', prompt: 'a long story' }, { signal: caller.signal }));
    const reader = response.body!.getReader();
    await reader.read(); // start
    await reader.read(); // the first token
    caller.abort();
    await reader.cancel();
    for (let i = 0; i < 50 && [...world.generations.values()][0]?.status === 'streaming'; i++) await new Promise((r) => setTimeout(r, 20));
    const stored = [...world.generations.values()][0]!;
    assert.equal(stored.status, 'cancelled');
    assert.ok(stored.output!.length > 0 && stored.output!.length < 40);
  } finally {
    await openai.close();
  }
});

Deno.test('Ollama runs through /api/chat with its options', async () => {
  const ollama = startFakeOllama({ tokenDelayMs: 1 });
  try {
    const { world, c, generate } = setup(ollama.url, OLLAMA_KIND);
    const events = await lines(await generate(post(ALICE, { connection_id: c.id, model_id: 'llama3.2:latest', prompt: 'Hi', parameters: { keep_alive: '1m', context_length: 4096 } })));
    assert.equal(events.at(-1)!.type, 'done');
    assert.equal(world.generations.get(String(events[0].generation_id))!.output, 'This is a fake answer from llama3.2:latest to: Hi');
    assert.equal(ollama.loaded.has('llama3.2:latest'), true);
  } finally {
    await ollama.close();
  }
});

Deno.test('refusals come before any provider call or record: bad input, another user, a browser-only server', async () => {
  const openai = startFakeOpenAI();
  try {
    const { world, c, generate } = setup(openai.url);
    const local = world.add(connection(ALICE, OLLAMA_KIND, { probe_from: 'browser' }));
    for (const [userId, body, status, pattern] of [
      [ALICE, { connection_id: c.id, model_id: 'gpt-4o', prompt: '' }, 400, /prompt must not be empty/],
      [ALICE, { connection_id: c.id, model_id: 'gpt-4o', prompt: 'x', parameters: { temperature: 7 } }, 400, /temperature goes from 0 to 2/],
      [ALICE, { connection_id: c.id, prompt: 'x' }, 400, /model_id/],
      [BOB, { connection_id: c.id, model_id: 'gpt-4o', prompt: 'x' }, 404, /does not exist/],
      [ALICE, { connection_id: local.id, model_id: 'llama3.2:latest', prompt: 'x' }, 409, /from your browser/],
    ] as const) {
      const response = await generate(post(userId, body));
      assert.equal(response.status, status, JSON.stringify(body));
      assert.match((await response.json()).error.message, pattern);
    }
    assert.equal(openai.requestCount, 0);
    assert.equal(world.generations.size, 0);
    assert.equal((await generate(post(null, { connection_id: c.id, model_id: 'gpt-4o', prompt: 'x' }))).status, 401);
  } finally {
    await openai.close();
  }
});

Deno.test('text Postgres cannot store is a 400 naming the field, before any record or provider call', async () => {
  const openai = startFakeOpenAI();
  try {
    const { world, c, generate } = setup(openai.url);
    const base = { connection_id: c.id, model_id: 'gpt-4o', prompt: 'Hello' };
    for (const [patch, pattern] of [
      [{ prompt: '\u0000' }, /^prompt contains a NUL character \(\\u0000\), which cannot be stored\./],
      [{ prompt: 'a lone \ud800 half' }, /^prompt contains a broken Unicode character \(a lone UTF-16 surrogate\)/],
      [{ model_id: 'gpt\u0000' }, /^model_id contains a NUL character/],
      [{ system_prompt: 'Be brief\udc00' }, /^system_prompt contains a broken Unicode character/],
      [{ parameters: { keep_alive: '5m' }, model_id: '\ud83d' }, /^model_id contains a broken Unicode character/],
    ] as const) {
      const response = await generate(post(ALICE, { ...base, ...patch }));
      assert.equal(response.status, 400, JSON.stringify(patch));
      const { error } = await response.json();
      assert.equal(error.code, 'invalid_request');
      assert.match(error.message, pattern);
    }
    // A proper surrogate pair (an emoji) is ordinary text.
    const emoji = await generate(post(ALICE, { ...base, prompt: 'Say 😀' }));
    assert.equal(emoji.status, 200);
    await emoji.body?.cancel();
    assert.equal(world.generations.size, 1);
  } finally {
    await openai.close();
  }
});

Deno.test('a base URL the SSRF policy refuses is a 422 before the stream, with nothing recorded or sent', async () => {
  const openai = startFakeOpenAI();
  try {
    for (const [baseUrl, pattern] of [
      ['http://169.254.169.254', /cloud metadata service/],
      ['http://metadata.google.internal/v1', /cloud metadata service/],
      ['gopher://example.test', /starts with gopher:/],
    ] as const) {
      const { world, c, generate } = setup(baseUrl);
      const response = await generate(post(ALICE, { connection_id: c.id, model_id: 'gpt-4o', prompt: 'Hello' }));
      assert.equal(response.status, 422, baseUrl);
      const { error } = await response.json();
      assert.equal(error.code, 'blocked_address');
      assert.match(error.message, pattern);
      assert.equal(world.generations.size, 0, baseUrl);
    }
    // Private endpoints off: the fake on loopback is refused, by name as well as by address.
    const { world, c, generate } = setup(openai.url);
    world.env.SWITCHBOARD_ALLOW_PRIVATE_ENDPOINTS = 'false';
    const named = world.add(connection(ALICE, CLOUD, { base_url: `http://localhost:${openai.port}` }));
    for (const id of [c.id, named.id]) {
      const response = await generate(post(ALICE, { connection_id: id, model_id: 'gpt-4o', prompt: 'Hello' }));
      assert.equal(response.status, 422);
      assert.match((await response.json()).error.message, /private or local address/);
    }
    assert.equal(openai.requestCount, 0);
    assert.equal(world.generations.size, 0);
  } finally {
    await openai.close();
  }
});

Deno.test('a redirect the guard refuses mid-run ends the stream with an error line that names both hosts', async () => {
  const ollama = startFakeOllama();
  try {
    const { world, c, generate } = setup(ollama.baseUrlWith({ mode: 'redirect_metadata' }), OLLAMA_KIND);
    const response = await generate(post(ALICE, { connection_id: c.id, model_id: 'llama3.2:latest', prompt: 'Hi' }));
    assert.equal(response.status, 200);
    const events = await lines(response);
    const last = events.at(-1)! as { type: string; error: { code: string; message: string } };
    assert.equal(last.type, 'error');
    assert.equal(last.error.code, 'blocked_address');
    assert.match(last.error.message, new RegExp(`^127\\.0\\.0\\.1:${ollama.port} redirected to 169\\.254\\.169\\.254, a cloud metadata service`));
    const stored = world.generations.get(String(events[0].generation_id))!;
    assert.equal(stored.status, 'error');
    assert.equal(stored.error, last.error.message);
  } finally {
    await ollama.close();
  }
});

Deno.test('provider output with NUL or lone surrogates is stored cleaned, and the run completes', async () => {
  // An Ollama-shaped stream whose JSON escapes decode to text Postgres refuses.
  const frames = [
    { message: { content: 'Hello\\u0000 ' }, done: false },
    { message: { content: 'half \\ud83d' }, done: false },
    { message: { content: '\\ude00 pair, lone \\udc00.' }, done: false },
    { message: { content: '' }, done: true, done_reason: 'stop', prompt_eval_count: -3, eval_count: 1e12 },
  ];
  const body = frames.map((frame) => JSON.stringify(frame).replaceAll('\\\\u', '\\u')).join('\n') + '\n';
  const world = new FakeWorld();
  const c = world.add(connection(ALICE, OLLAMA_KIND, { base_url: 'http://ollama.test' }));
  const generate = handle(createGenerateHandler(world.deps({
    fetchOptions: {
      resolver: () => Promise.resolve(['127.0.0.1']),
      fetch: () => Promise.resolve(new Response(body, { headers: { 'content-type': 'application/x-ndjson' } })),
    },
  })));
  const events = await lines(await generate(post(ALICE, { connection_id: c.id, model_id: 'llama3.2:latest', prompt: 'Hi' })));
  assert.equal(events.at(-1)!.type, 'done', JSON.stringify(events.at(-1)));
  const stored = world.generations.get(String(events[0].generation_id))!;
  assert.equal(stored.status, 'completed');
  assert.equal(stored.output, 'Hello half 😀 pair, lone \uFFFD.');
  assert.deepEqual([stored.prompt_tokens, stored.completion_tokens], [null, null]);
});
