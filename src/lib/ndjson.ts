/**
 * Reads a newline-delimited JSON stream (application/x-ndjson, as the Edge Functions answer with
 * progress) one value per line as the bytes arrive. The lines are split by the core's streamLines,
 * the same splitter the chat decoder uses: lines (and multi-byte characters) split across chunks,
 * a last line without its newline, \r\n endings. Blank lines are skipped.
 */
import { streamLines } from '@core/chat/frames.ts';

export async function* readNdjson(stream: ReadableStream<Uint8Array>, signal?: AbortSignal): AsyncGenerator<unknown> {
  let lineNumber = 0;
  for await (const line of streamLines(stream, signal)) {
    lineNumber++;
    const text = line.trim();
    if (text === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new SyntaxError(`Line ${lineNumber} of the stream is not JSON.`);
    }
    yield value;
  }
}
