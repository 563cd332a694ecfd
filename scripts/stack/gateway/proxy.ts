import http, { type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';

/** Headers that describe one hop's connection and must not be forwarded (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

const agent = new http.Agent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 64 });

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
 */
export function proxy(req: IncomingMessage, res: ServerResponse, target: ProxyTarget): void {
  const upstream = http.request(
    {
      host: '127.0.0.1',
      port: target.port,
      method: req.method,
      path: target.path,
      headers: { ...target.headers, host: `127.0.0.1:${target.port}` },
      agent,
    },
    (upstreamRes) => {
      clearTimeout(timer);
      const headers: OutgoingHttpHeaders = {};
      for (const [name, value] of Object.entries(upstreamRes.headers)) {
        if (value === undefined || HOP_BY_HOP.has(name) || target.dropResponseHeaders?.(name)) continue;
        headers[name] = value;
      }
      res.writeHead(upstreamRes.statusCode ?? 502, { ...headers, ...target.responseHeaders });
      // A stream (no length: SSE, NDJSON) gets its headers at once, so the client sees the response
      // start before the first chunk; a sized body goes out with its headers in one write.
      if (upstreamRes.headers['content-length'] === undefined) res.flushHeaders();
      upstreamRes.pipe(res);
      upstreamRes.on('error', (error) => res.destroy(error));
    },
  );
  const timer = setTimeout(() => upstream.destroy(new TimeoutError()), target.timeoutMs);
  upstream.on('error', (error) => {
    clearTimeout(timer);
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
