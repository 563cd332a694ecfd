/**
 * The one stream decoder, fed bytes as a network delivers them: frames cut anywhere (inside a
 * line, inside a multi-byte character), no newline after the last line, junk between frames.
 */
import assert from 'node:assert/strict';
import { decodeChatStream } from './decode.ts';
import { anthropicProtocol, chatHeaders, ollamaProtocol, openAiProtocol } from './protocols.ts';
import { ChatError, type ChatEvent, type ChatProtocol } from './types.ts';

/** A byte stream of `text` delivered `size` bytes at a time. */
function chunked(text: string, size: number): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + size));
      offset += size;
    },
  });
}

async function decode(text: string, protocol: ChatProtocol, size = 3): Promise<{ events: ChatEvent[]; error?: unknown }> {
  const events: ChatEvent[] = [];
  try {
    for await (const event of decodeChatStream(chunked(text, size), protocol, 'models.example:8000')) events.push(event);
  } catch (error) {
    return { events, error };
  }
  return { events };
}

const tokens = (events: ChatEvent[]) => events.flatMap((e) => (e.type === 'token' ? [e.text] : [])).join('');

Deno.test('OpenAI-compatible SSE cut every 3 bytes, with multi-byte characters, comments and CRLF', async () => {
  const stream = [
    ': keep-alive',
    'data: {"choices":[{"delta":{"content":"Grüße "}}]}',
    '',
    'data: {"choices":[{"delta":{"content":"😀"},"finish_reason":null}]}\r',
    '\r',
    'data: {"choices":[{"delta":{},"finish_reason":"stop"}]}',
    '',
    'data: {"choices":[],"usage":{"prompt_tokens":5,"completion_tokens":2}}',
    '',
    'data: [DONE]',
    '',
  ].join('\n');
  for (const size of [1, 3, 7, 1000]) {
    const { events, error } = await decode(stream, openAiProtocol, size);
    assert.equal(error, undefined, `chunks of ${size}`);
    assert.equal(tokens(events), 'Grüße 😀');
    assert.deepEqual(events.filter((e) => e.type !== 'token'), [
      { type: 'end', reason: 'stop' },
      { type: 'usage', promptTokens: 5, completionTokens: 2 },
    ]);
  }
});

Deno.test('a data frame that is not JSON is skipped, not a crash', async () => {
  const { events, error } = await decode('data: {"choices":[{"delta":{"content":"a"}}]}\n\ndata: {not json\n\ndata: {"choices":[{"delta":{"content":"b"},"finish_reason":"stop"}]}\n\n', openAiProtocol);
  assert.equal(error, undefined);
  assert.equal(tokens(events), 'ab');
});

Deno.test('Ollama NDJSON: the last line needs no newline, and its counts are read', async () => {
  const stream = '{"message":{"content":"Hal"},"done":false}\n\n{"message":{"content":"lo"},"done":false}\r\n{"message":{"content":""},"done":true,"done_reason":"stop","prompt_eval_count":7,"eval_count":3}';
  const { events, error } = await decode(stream, ollamaProtocol, 5);
  assert.equal(error, undefined);
  assert.equal(tokens(events), 'Hallo');
  assert.deepEqual(events.slice(-2), [
    { type: 'usage', promptTokens: 7, completionTokens: 3 },
    { type: 'end', reason: 'stop' },
  ]);
});

Deno.test('a stream that closes before the provider finished is "incomplete", after what arrived', async () => {
  const { events, error } = await decode('{"message":{"content":"Half an ans"},"done":false}\n', ollamaProtocol);
  assert.equal(tokens(events), 'Half an ans');
  assert.ok(error instanceof ChatError);
  assert.equal(error.code, 'incomplete');
  assert.match(error.message, /^models\.example:8000 closed the connection before the answer was finished\. What arrived is kept/);

  const openAi = await decode('data: {"choices":[{"delta":{"content":"x"}}]}\n\ndata: [DONE]\n\n', openAiProtocol);
  assert.equal((openAi.error as ChatError).code, 'incomplete', '[DONE] without a finish reason is not an end');
});

Deno.test('an error frame mid-stream is a provider_error with the provider\'s words', async () => {
  const ollama = await decode('{"message":{"content":"a"},"done":false}\n{"error":"model ran out of memory"}\n', ollamaProtocol);
  assert.equal(tokens(ollama.events), 'a');
  assert.ok(ollama.error instanceof ChatError);
  assert.equal(ollama.error.code, 'provider_error');
  assert.equal(ollama.error.message, 'Ollama stopped with an error: model ran out of memory');

  const anthropic = await decode('event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n', anthropicProtocol);
  assert.equal((anthropic.error as ChatError).message, 'The provider stopped with an error: Overloaded');
});

Deno.test('chat requests ask for the stream their protocol reads', () => {
  assert.deepEqual(chatHeaders(openAiProtocol), { 'content-type': 'application/json', accept: 'text/event-stream' });
  assert.deepEqual(chatHeaders(ollamaProtocol), { 'content-type': 'application/json', accept: 'application/x-ndjson' });
  assert.equal(chatHeaders(anthropicProtocol)['anthropic-version'], '2023-06-01');
});

Deno.test('request bodies: the system prompt, and only the parameters that were set', () => {
  const request = { model: 'm', prompt: 'Hi', system: 'Be brief', temperature: 0.5, topP: null, maxTokens: 64, contextLength: 4096, keepAlive: '10m' };
  assert.deepEqual(openAiProtocol.body(request), {
    model: 'm',
    messages: [{ role: 'system', content: 'Be brief' }, { role: 'user', content: 'Hi' }],
    stream: true,
    stream_options: { include_usage: true },
    temperature: 0.5,
    max_tokens: 64,
  });
  assert.deepEqual(ollamaProtocol.body(request), {
    model: 'm',
    messages: [{ role: 'system', content: 'Be brief' }, { role: 'user', content: 'Hi' }],
    stream: true,
    options: { temperature: 0.5, num_predict: 64, num_ctx: 4096 },
    keep_alive: '10m',
  });
});
