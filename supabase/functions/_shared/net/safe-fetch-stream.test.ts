import assert from 'node:assert/strict';
import { SafeFetchError, safeFetchStream } from './safe-fetch.ts';

const local = { allowPrivate: true, timeoutMs: 2_000 };
const encoder = new TextEncoder();

/** A server that sends `parts` with `gapMs` between them; `stallAfter` parts, then nothing. */
function dripServer(parts: string[], gapMs: number, stallAfter = Infinity) {
  let disconnected = false;
  const server = Deno.serve({ hostname: '127.0.0.1', port: 0, onListen: () => {} }, (request) => {
    request.signal.addEventListener('abort', () => (disconnected = true));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        let i = 0;
        const next = () => {
          if (i >= parts.length) return controller.close();
          if (i >= stallAfter) return;
          controller.enqueue(encoder.encode(parts[i++]));
          timer = setTimeout(next, gapMs);
        };
        next();
      },
      cancel() {
        clearTimeout(timer);
        disconnected = true;
      },
    });
    return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
  });
  return { url: `http://127.0.0.1:${server.addr.port}/stream`, close: () => server.shutdown(), disconnected: () => disconnected };
}

async function readAll(stream: ReadableStream<Uint8Array>, onChunk?: (text: string) => void): Promise<string> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text;
    const chunk = decoder.decode(value, { stream: true });
    onChunk?.(chunk);
    text += chunk;
  }
}

Deno.test('safeFetchStream hands over each chunk as it arrives, not when the answer ends', async () => {
  const server = dripServer(['one ', 'two ', 'three'], 150);
  try {
    const started = performance.now();
    const response = await safeFetchStream(server.url, {}, local);
    assert.equal(response.status, 200);
    const arrivals: number[] = [];
    const text = await readAll(response.body, () => arrivals.push(performance.now() - started));
    assert.equal(text, 'one two three');
    assert.ok(arrivals[0] < 120, `the first chunk came after ${arrivals[0]} ms`);
    assert.ok(arrivals.at(-1)! >= 250);
  } finally {
    await server.close();
  }
});

Deno.test('a stream that goes silent longer than the idle timeout errors with code timeout', async () => {
  const server = dripServer(['one ', 'two'], 50, 1);
  try {
    const response = await safeFetchStream(server.url, {}, { ...local, idleTimeoutMs: 200 });
    await assert.rejects(readAll(response.body), (error: unknown) => error instanceof SafeFetchError && error.code === 'timeout' && /stopped sending for 0.2 s/.test(error.message));
  } finally {
    await server.close();
  }
});

Deno.test('the caller cancelling mid-stream closes the upstream request', async () => {
  const server = dripServer(Array.from({ length: 100 }, (_, i) => `part ${i} `), 30);
  try {
    const caller = new AbortController();
    const response = await safeFetchStream(server.url, {}, { ...local, signal: caller.signal });
    const reader = response.body.getReader();
    await reader.read();
    caller.abort();
    await assert.rejects(reader.read(), (error: unknown) => error instanceof SafeFetchError && error.code === 'aborted');
    for (let i = 0; i < 50 && !server.disconnected(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(server.disconnected(), true);
  } finally {
    await server.close();
  }
});

Deno.test('the body is capped in bytes, and private targets are refused as by safeFetch', async () => {
  const server = dripServer(['x'.repeat(600), 'y'.repeat(600)], 10);
  try {
    const response = await safeFetchStream(server.url, {}, { ...local, maxBytes: 1_000 });
    await assert.rejects(readAll(response.body), (error: unknown) => error instanceof SafeFetchError && error.code === 'too_large');
    await assert.rejects(safeFetchStream(server.url, {}, { timeoutMs: 2_000 }), (error: unknown) => error instanceof SafeFetchError && error.code === 'blocked_address');
  } finally {
    await server.close();
  }
});
