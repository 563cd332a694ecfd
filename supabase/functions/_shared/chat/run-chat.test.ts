import assert from 'node:assert/strict';
import { startFakeOllama } from '../../_test/fakes/ollama.ts';
import { FAKE_OPENAI_KEY, startFakeOpenAI } from '../../_test/fakes/openai.ts';
import type { ConnectionTarget } from '../core/providers/types.ts';
import { sseFrames } from '../core/chat/frames.ts';
import { anthropicProtocol, ollamaProtocol, openAiProtocol } from '../core/chat/protocols.ts';
import { runChat } from './run-chat.ts';
import { ChatError, type ChatEvent } from '../core/chat/types.ts';

const local = { allowPrivate: true, timeoutMs: 5_000 };

function target(baseUrl: string, apiKey: string | null = null): ConnectionTarget {
  return { kind: 'test', adapter: 'openai', baseUrl, modelsPath: '/v1/models', authScheme: 'bearer', apiKey };
}

async function collect(events: AsyncGenerator<ChatEvent>, onToken?: () => void): Promise<{ text: string; events: ChatEvent[] }> {
  const all: ChatEvent[] = [];
  for await (const event of events) {
    all.push(event);
    if (event.type === 'token') onToken?.();
  }
  return { text: all.flatMap((e) => (e.type === 'token' ? [e.text] : [])).join(''), events: all };
}

async function chatError(promise: Promise<unknown>): Promise<ChatError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ChatError) return error;
    throw error;
  }
  assert.fail('expected a ChatError');
}

Deno.test('OpenAI-compatible: streams tokens as they come, then usage and the end', async () => {
  const openai = startFakeOpenAI({ tokenDelayMs: 30 });
  try {
    const started = performance.now();
    let firstToken = 0;
    const { text, events } = await collect(
      runChat(target(openai.url, FAKE_OPENAI_KEY), '/v1/chat/completions', openAiProtocol, { model: 'gpt-4o', prompt: 'Say hi', system: 'Be brief.', temperature: 0.2 }, local),
      () => (firstToken ||= performance.now() - started),
    );
    assert.equal(text, 'This is a fake answer from gpt-4o to: Say hi');
    assert.ok(firstToken < performance.now() - started - 100, 'the first token arrived well before the last');
    assert.deepEqual(events.filter((e) => e.type !== 'token'), [{ type: 'end', reason: 'stop' }, { type: 'usage', promptTokens: 12, completionTokens: 10 }]);
  } finally {
    await openai.close();
  }
});

Deno.test('OpenAI-compatible: a wrong key and an unknown model are refused with sentences', async () => {
  const openai = startFakeOpenAI();
  try {
    const wrongKey = await chatError(collect(runChat(target(openai.url, 'sk-wrong-0000'), '/v1/chat/completions', openAiProtocol, { model: 'gpt-4o', prompt: 'x' }, local)));
    assert.equal(wrongKey.code, 'invalid_key');
    assert.match(wrongKey.message, /API key was rejected/);
    const unknown = await chatError(collect(runChat(target(openai.url, FAKE_OPENAI_KEY), '/v1/chat/completions', openAiProtocol, { model: 'gpt-9', prompt: 'x' }, local)));
    assert.equal(unknown.httpStatus, 404);
  } finally {
    await openai.close();
  }
});

Deno.test('a stream that breaks off mid-answer is an error that keeps what arrived', async () => {
  const openai = startFakeOpenAI({ streamFailAfter: 3, tokenDelayMs: 5 });
  const ollama = startFakeOllama({ streamFailAfter: 2, tokenDelayMs: 5 });
  try {
    for (const [base, path, protocol, model, key] of [
      [openai.url, '/v1/chat/completions', openAiProtocol, 'gpt-4o', FAKE_OPENAI_KEY],
      [ollama.url, '/api/chat', ollamaProtocol, 'llama3.2:latest', null],
    ] as const) {
      const seen: string[] = [];
      const error = await chatError((async () => {
        for await (const event of runChat(target(base, key), path, protocol, { model, prompt: 'x' }, local)) {
          if (event.type === 'token') seen.push(event.text);
        }
      })());
      assert.ok(seen.length >= 2, `${model}: tokens before the break were delivered`);
      assert.match(error.message, /broke off|closed the connection/);
    }
  } finally {
    await Promise.all([openai.close(), ollama.close()]);
  }
});

Deno.test('Ollama: NDJSON tokens, then the counts from the final line', async () => {
  const ollama = startFakeOllama({ tokenDelayMs: 1 });
  try {
    const { text, events } = await collect(runChat(target(ollama.url), '/api/chat', ollamaProtocol, { model: 'llama3.2:latest', prompt: 'Hello', keepAlive: '1m', contextLength: 4096 }, local));
    assert.equal(text, 'This is a fake answer from llama3.2:latest to: Hello');
    assert.deepEqual(events.at(-2), { type: 'usage', promptTokens: 12, completionTokens: 9 });
    assert.deepEqual(events.at(-1), { type: 'end', reason: 'stop' });
  } finally {
    await ollama.close();
  }
});

Deno.test('cancelling stops the provider call', async () => {
  const openai = startFakeOpenAI({ tokenDelayMs: 50 });
  try {
    const caller = new AbortController();
    const error = await chatError((async () => {
      for await (const event of runChat(target(openai.url, FAKE_OPENAI_KEY), '/v1/chat/completions', openAiProtocol, { model: 'gpt-4o', prompt: 'x' }, { ...local, signal: caller.signal })) {
        if (event.type === 'token') caller.abort();
      }
    })());
    assert.equal(error.code, 'aborted');
  } finally {
    await openai.close();
  }
});

Deno.test('Anthropic: the SSE events map to tokens, usage and the stop reason; an error event throws', async () => {
  const text = [
    'event: message_start', 'data: {"type":"message_start","message":{"usage":{"input_tokens":9}}}', '',
    'event: content_block_delta', 'data: {"type":"content_block_delta","delta":{"type":"text_delta","text":"Hi"}}', '',
    ': ping', '',
    'event: content_block_delta', 'data: {"type":"content_block_delta","delta":{"type":"text_delta","text":" there"}}', '',
    'event: message_delta', 'data: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":2}}', '',
  ].join('\n');
  const events: ChatEvent[] = [];
  for await (const frame of sseFrames(new Response(text).body!)) events.push(...anthropicProtocol.parse(frame));
  assert.deepEqual(events, [
    { type: 'usage', promptTokens: 9 },
    { type: 'token', text: 'Hi' },
    { type: 'token', text: ' there' },
    { type: 'usage', completionTokens: 2 },
    { type: 'end', reason: 'end_turn' },
  ]);
  assert.throws(() => anthropicProtocol.parse({ event: 'error', data: '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}' }), /Overloaded/);
  assert.equal(anthropicProtocol.body({ model: 'claude', prompt: 'x', system: 'S' }).system, 'S');
});
