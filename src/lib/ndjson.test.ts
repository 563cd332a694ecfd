import { describe, expect, it } from 'vitest';
import { readNdjson } from './ndjson';

function streamOf(chunks: Array<string | Uint8Array>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
      controller.close();
    },
  });
}

async function collect(stream: ReadableStream<Uint8Array>, signal?: AbortSignal) {
  const values: unknown[] = [];
  for await (const value of readNdjson(stream, signal)) values.push(value);
  return values;
}

describe('readNdjson', () => {
  it('yields one value per line, joining lines split across chunks', async () => {
    const values = await collect(streamOf(['{"type":"result","do', 'ne":1}\n{"type":"res', 'ult","done":2}\n', '{"type":"summary"}\n']));
    expect(values).toEqual([{ type: 'result', done: 1 }, { type: 'result', done: 2 }, { type: 'summary' }]);
  });

  it('accepts a last line without newline, blank lines and CRLF endings', async () => {
    expect(await collect(streamOf(['{"a":1}\r\n\r\n\n{"a":2}']))).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it('keeps multi-byte characters split between chunks intact', async () => {
    const bytes = new TextEncoder().encode('{"error":"Zeitüberschreitung — 5 s"}\n');
    const cut = bytes.indexOf(0xc3) + 1; // inside "ü"
    expect(await collect(streamOf([bytes.slice(0, cut), bytes.slice(cut)]))).toEqual([{ error: 'Zeitüberschreitung — 5 s' }]);
  });

  it('says which line is not JSON', async () => {
    await expect(collect(streamOf(['{"a":1}\nnot json\n']))).rejects.toThrow('Line 2 of the stream is not JSON.');
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    const encoder = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(encoder.encode('{"a":1}\n'));
      },
    });
    const seen: unknown[] = [];
    await expect(
      (async () => {
        for await (const value of readNdjson(stream, controller.signal)) {
          seen.push(value);
          controller.abort();
        }
      })(),
    ).rejects.toThrow();
    expect(seen).toEqual([{ a: 1 }]);
  });
});
