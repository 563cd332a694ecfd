/**
 * Splitting a byte stream into frames: Server-Sent Events (OpenAI, Anthropic) or newline-delimited
 * JSON (Ollama). Partial lines wait for the rest; a stream that ends mid-frame keeps what it had.
 */
export interface Frame {
  /** SSE "event:" name, or null (NDJSON, or SSE without one). */
  event: string | null;
  data: string;
}

/**
 * The lines of a UTF-8 byte stream as they arrive: a line split across chunks (or a character split
 * across chunks) waits for the rest, "\r\n" counts as "\n", and a last line without a newline is
 * yielded at the end. `signal` stops the reading: the stream is cancelled and its reason thrown.
 */
export async function* streamLines(stream: ReadableStream<Uint8Array>, signal?: AbortSignal): AsyncGenerator<string> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const stop = () => void reader.cancel().catch(() => {});
  const aborted = () => signal?.reason ?? new DOMException('Aborted', 'AbortError');
  signal?.addEventListener('abort', stop, { once: true });
  try {
    for (;;) {
      if (signal?.aborted) throw aborted();
      const { done, value } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let newline: number;
      while ((newline = buffer.indexOf('\n')) !== -1) {
        yield buffer.slice(0, newline).replace(/\r$/, '');
        buffer = buffer.slice(newline + 1);
      }
    }
    if (signal?.aborted) throw aborted();
    buffer += decoder.decode();
    if (buffer !== '') yield buffer;
  } finally {
    signal?.removeEventListener('abort', stop);
    reader.releaseLock();
  }
}

export async function* ndjsonFrames(stream: ReadableStream<Uint8Array>): AsyncGenerator<Frame> {
  for await (const line of streamLines(stream)) {
    if (line.trim() !== '') yield { event: null, data: line };
  }
}

export async function* sseFrames(stream: ReadableStream<Uint8Array>): AsyncGenerator<Frame> {
  let event: string | null = null;
  let data: string[] = [];
  const flush = () => {
    const frame = data.length ? { event, data: data.join('\n') } : null;
    event = null;
    data = [];
    return frame;
  };
  for await (const line of streamLines(stream)) {
    if (line === '') {
      const frame = flush();
      if (frame) yield frame;
    } else if (line.startsWith(':')) {
      continue; // a comment (keep-alive)
    } else if (line.startsWith('event:')) {
      event = line.slice(6).trim();
    } else if (line.startsWith('data:')) {
      data.push(line.slice(5).replace(/^ /, ''));
    }
  }
  const last = flush();
  if (last) yield last;
}
