import http, { type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import { discardUnreadBody } from './unread-body.ts';

/** Headers that describe one hop's connection and must not be forwarded (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

/**
 * Kept-alive connections to PostgREST and the functions host. An idle one is closed after 30 s,
 * before PostgREST closes it (60 s idle): a request written onto a connection the upstream is
 * closing at that moment fails with ECONNRESET and would be answered 502 without ever reaching it.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 64, timeout: 30_000 });

export interface ProxyTarget {
  port: number;
  /** Path and query as the upstream should see them (prefix stripped). */
  path: string;
  headers: OutgoingHttpHeaders;
  /** How long the upstream may take to send its response headers (Kong's read timeout). */
  timeoutMs: number;
  /** Headers the gateway sets on the response, replacing the upstream's (CORS). */
  responseHeaders?: OutgoingHttpHeaders;
  /** Upstream response headers to drop (e.g. PostgREST's own CORS headers). */
  dropResponseHeaders?: (name: string) => boolean;
  /** Answers when the upstream cannot be reached or times out. */
  onFailure: (kind: 'unreachable' | 'timeout', error: Error) => void;
}

export function forwardableHeaders(req: IncomingMessage): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name) && name !== 'host') headers[name] = value;
  }
  return headers;
}

/**
 * Streams a request to an upstream and its response back, chunk by chunk: no buffering, no
 * compression, headers flushed at once, so server-sent events and NDJSON arrive as they are written.
 * A client that goes away cancels the upstream request (a model stops generating for nobody).
 *
 * An upstream may answer before it has read the whole request body: the Edge Functions refuse a
 * body over 64 KiB with 413 from its Content-Length or as soon as they have read past the cap,
 * while the client is still sending. Both hops of such an exchange must be ended by the gateway,
 * or the connections stay open with half a request on them:
 * - upstream: the functions host closes its connection after the 413 (Content-Length) or stops
 *   reading it, and the request there is half sent: never reusable, and never finished if left
 *   alone. It is destroyed once the answer is in full, and errors after that (EPIPE) change nothing;
 * - client: the pipe into the upstream request stops where the upstream stopped reading (a closed
 *   destination unpipes and pauses the source; a full one applies backpressure), and the rest of
 *   the body stays unread. Node's server discards a leftover body only when nobody consumed it, and
 *   a pipe counts as consuming, so the client's kept-alive connection was never read past it. The
 *   client got its 413, handed the rest of its body to the kernel, sent its next request on the
 *   same connection, and that request was never answered (one request in a hundred or two, in a
 *   mix of such uploads and ordinary requests). The rest of the body is now read and thrown away
 *   (`discardUnreadBody`), which keeps the connection usable.
 */
export function proxy(req: IncomingMessage, res: ServerResponse, target: ProxyTarget): void {
  let upstreamRes: IncomingMessage | undefined;
  const upstream = http.request(
    {
      host: '127.0.0.1',
      port: target.port,
      method: req.method,
      path: target.path,
      headers: { ...target.headers, host: `127.0.0.1:${target.port}` },
      agent,
    },
    (response) => {
      upstreamRes = response;
      clearTimeout(timer);
      const headers: OutgoingHttpHeaders = {};
      for (const [name, value] of Object.entries(response.headers)) {
        if (value === undefined || HOP_BY_HOP.has(name) || target.dropResponseHeaders?.(name)) continue;
        headers[name] = value;
      }
      res.writeHead(response.statusCode ?? 502, { ...headers, ...target.responseHeaders });
      // A stream (no length: SSE, NDJSON) gets its headers at once, so the client sees the response
      // start before the first chunk; a sized body goes out with its headers in one write.
      if (response.headers['content-length'] === undefined) res.flushHeaders();
      response.pipe(res);
      response.on('error', (error) => res.destroy(error));
      response.on('end', () => {
        if (upstream.writableFinished) return;
        // Answered before the body was all sent: see the comment above.
        req.unpipe(upstream);
        upstream.destroy();
        discardUnreadBody(req);
      });
    },
  );
  const timer = setTimeout(() => upstream.destroy(new TimeoutError()), target.timeoutMs);
  upstream.on('error', (error) => {
    clearTimeout(timer);
    // The answer arrived in full: the exchange is over, whatever happens to the request still being
    // sent (EPIPE when the functions host closed its connection after an early 413).
    if (upstreamRes?.complete) return;
    // The upstream will not read the rest of the body; the gateway's answer goes out now.
    discardUnreadBody(req);
    if (res.headersSent) {
      res.destroy(error);
      return;
    }
    target.onFailure(error instanceof TimeoutError ? 'timeout' : 'unreachable', error);
  });
  res.on('close', () => {
    clearTimeout(timer);
    if (!res.writableFinished) upstream.destroy();
  });
  req.pipe(upstream);
}

class TimeoutError extends Error {
  constructor() {
    super('upstream did not answer in time');
  }
}
