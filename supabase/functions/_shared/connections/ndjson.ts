/**
 * Newline-delimited JSON responses: one JSON value per line, each written (and flushed) as soon
 * as it exists, so a client shows progress while the work runs.
 */
import { corsHeaders } from '../http.ts';

export const NDJSON_TYPE = 'application/x-ndjson';

/** True when the client asked for a stream (`Accept: application/x-ndjson`). */
export function wantsNdjson(request: Request): boolean {
  return (request.headers.get('accept') ?? '').split(',').some((part) =>
    part.trim().toLowerCase().startsWith(NDJSON_TYPE)
  );
}

/** One line: JSON has no raw newlines (they are escaped in strings), so a line is one value. */
export function ndjsonLine(value: unknown): string {
  return `${JSON.stringify(value)}\n`;
}

export interface NdjsonWriter {
  write(value: unknown): void;
  /** True once the client went away (further writes are dropped). */
  readonly closed: boolean;
}

/**
 * A streaming response whose lines come from `run`. `run` gets a writer and a signal that aborts
 * when the client disconnects (cancelling the stream); the response ends when `run` settles. An
 * error thrown by `run` after the first line becomes a final `{"type":"error"}` line, since the
 * status has been sent already.
 */
export function ndjsonResponse(
  run: (writer: NdjsonWriter, signal: AbortSignal) => Promise<void>,
  options: { signal?: AbortSignal; onError?: (error: unknown) => void } = {},
): Response {
  const encoder = new TextEncoder();
  const abort = new AbortController();
  const onOuterAbort = () => abort.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  let closed = false;

  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const writer: NdjsonWriter = {
        write(value) {
          if (closed) return;
          try {
            controller.enqueue(encoder.encode(ndjsonLine(value)));
          } catch {
            closed = true;
          }
        },
        get closed() {
          return closed;
        },
      };
      run(writer, abort.signal)
        .catch((error) => {
          options.onError?.(error);
          writer.write({
            type: 'error',
            error: {
              code: 'internal_error',
              message: 'The function failed unexpectedly; some results may be missing.',
            },
          });
        })
        .finally(() => {
          options.signal?.removeEventListener('abort', onOuterAbort);
          if (!closed) {
            closed = true;
            try {
              controller.close();
            } catch { /* already closed by a cancel */ }
          }
        });
    },
    cancel(reason) {
      closed = true;
      abort.abort(reason);
    },
  });

  const headers = new Headers(corsHeaders);
  headers.set('Content-Type', `${NDJSON_TYPE}; charset=utf-8`);
  // No caching, no sniffing, and a hint to proxies (nginx) not to buffer the stream.
  headers.set('Cache-Control', 'no-cache');
  headers.set('X-Content-Type-Options', 'nosniff');
  headers.set('X-Accel-Buffering', 'no');
  return new Response(stream, { status: 200, headers });
}
