/**
 * Reads a newline-delimited JSON stream (application/x-ndjson) one value per line as the bytes
 * arrive: lines may be split across chunks (and multi-byte characters across chunk boundaries), the
 * last line may lack its newline, blank lines are skipped, and \r\n endings are accepted.
 */
export async function* readNdjson(stream: ReadableStream<Uint8Array>, signal?: AbortSignal): AsyncGenerator<unknown> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let lineNumber = 0;
  const parse = (line: string) => {
    lineNumber++;
    const text = line.trim();
    if (text === '') return undefined;
    try {
      return { value: JSON.parse(text) as unknown };
    } catch {
      throw new SyntaxError(`Line ${lineNumber} of the stream is not JSON.`);
    }
  };
  const onAbort = () => void reader.cancel().catch(() => {});
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    while (true) {
      if (signal?.aborted) throw signal.reason ?? new DOMException('Aborted', 'AbortError');
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let newline = buffer.indexOf('\n');
      while (newline !== -1) {
        const parsed = parse(buffer.slice(0, newline));
        buffer = buffer.slice(newline + 1);
        if (parsed) yield parsed.value;
        newline = buffer.indexOf('\n');
      }
    }
    if (signal?.aborted) throw signal.reason ?? new DOMException('Aborted', 'AbortError');
    buffer += decoder.decode();
    const last = parse(buffer);
    if (last) yield last.value;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    reader.releaseLock();
  }
}
