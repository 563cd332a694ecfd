/**
 * One HTTP/1.1 exchange on the wire, as the gateway tests need it and fetch() cannot do it: over a
 * given keep-alive agent (so connections are reused, as browsers and supabase-js reuse them), with
 * a Content-Length or chunked body, a client that gives up mid-request or mid-response on purpose,
 * and a deadline that tells "never answered" apart from "answered late" or "connection closed".
 */
import http from 'node:http';

export interface ExchangeRequest {
  method: string;
  /** Path and query on the gateway. */
  path: string;
  headers?: Record<string, string>;
  body?: Buffer;
  /** Send the body chunked (no Content-Length), 64 KiB per chunk. */
  chunked?: boolean;
  /** Send the body slowly: this many bytes, then a pause, and so on (a slow uploader). */
  trickle?: { bytes: number; pauseMs: number };
  /** Close the connection once this many bytes of `body` have been written to the socket. */
  abortAfterBodyBytes?: number;
  /** Close the connection once this many response body bytes have arrived. */
  abortAfterResponseBytes?: number;
}

export type ExchangeEnd =
  /** The whole response arrived. */
  | 'complete'
  /** The client closed the connection on purpose (abortAfter...). */
  | 'client-aborted'
  /** The deadline passed without a response: the request was never answered. */
  | 'stalled'
  /** A response started but did not finish before the deadline. */
  | 'unfinished'
  /** The connection was closed or reset by the other side. */
  | 'closed';

export interface ExchangeOutcome {
  end: ExchangeEnd;
  status?: number;
  body: string;
  /** The socket error, when the connection was closed under the client. */
  error?: string;
}

const CHUNK = 64 * 1024;

export function exchange(agent: http.Agent, port: number, request: ExchangeRequest, deadlineMs: number): Promise<ExchangeOutcome> {
  return new Promise((resolve) => {
    let status: number | undefined;
    let received = '';
    let settled = false;
    const settle = (end: ExchangeEnd, error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve({ end, status, body: received, error: error ? ((error as NodeJS.ErrnoException).code ?? error.message) : undefined });
      // A connection given up on is never reused (destroying it keeps it out of the agent's pool).
      if (end !== 'complete') req.destroy();
    };

    const headers = { ...request.headers };
    if (request.body && !request.chunked) headers['content-length'] = String(request.body.length);
    const req = http.request({ host: '127.0.0.1', port, method: request.method, path: request.path, headers, agent }, (res) => {
      status = res.statusCode;
      res.setEncoding('utf8');
      res.on('data', (text: string) => {
        received += text;
        if (request.abortAfterResponseBytes !== undefined && received.length >= request.abortAfterResponseBytes) settle('client-aborted');
      });
      res.on('end', () => settle('complete'));
      res.on('error', (error) => settle('closed', error));
    });
    req.on('error', (error) => settle('closed', error));
    const deadline = setTimeout(() => settle(status === undefined ? 'stalled' : 'unfinished'), deadlineMs);

    const body = request.body;
    if (!body) {
      req.end();
      return;
    }
    const abortAt = request.abortAfterBodyBytes;
    const limit = abortAt ?? body.length;
    const step = request.trickle?.bytes ?? CHUNK;
    const writeFrom = (offset: number) => {
      for (; offset < limit; offset += step) {
        const last = offset + step >= limit;
        // Aborted once the part is on the wire, not just queued: the server has seen it.
        req.write(body.subarray(offset, Math.min(offset + step, limit)), last && abortAt !== undefined ? () => settle('client-aborted') : undefined);
        if (request.trickle && !last) {
          const from = offset + step;
          setTimeout(() => {
            if (!req.destroyed) writeFrom(from);
          }, request.trickle.pauseMs);
          return;
        }
      }
      if (abortAt === undefined) req.end();
    };
    writeFrom(0);
  });
}
