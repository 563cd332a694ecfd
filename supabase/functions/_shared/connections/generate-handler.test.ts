import assert from 'node:assert/strict';
import { startFakeOllama } from '../../_test/fakes/ollama.ts';
import { FAKE_OPENAI_KEY, startFakeOpenAI } from '../../_test/fakes/openai.ts';
import { handle } from '../http.ts';
import { ALICE, BOB, connection, FakeWorld, OLLAMA_KIND, OPENAI_KIND, post } from './fake-world.ts';
import { createGenerateHandler } from './generate-handler.ts';
import type { KindRecord } from './ports.ts';

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
