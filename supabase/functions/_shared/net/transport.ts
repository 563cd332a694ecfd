/**
 * How safeFetch puts a request on the wire, once the SSRF guard has approved the URL.
 *
 * DNS rebinding: checking a name and then connecting resolves it twice, and a hostile DNS server
 * can answer "public" to the check and "127.0.0.1" to the connection. Deno's fetch cannot be told
 * which address to use (it ignores a Host header override and has no resolver hook), so with
 * `fetchTransport` the window stays open; it is the fallback for runtimes where node:http is
 * unavailable. `pinnedTransport` closes it: it connects through node:http/node:https with a
 * `lookup` that returns only the addresses the guard approved, while TLS still verifies the
 * certificate against the host name. It is the default. (Unlike Deno's fetch it ignores
 * HTTP(S)_PROXY: a proxy would resolve the name again, which is exactly what pinning prevents.)
 */
import * as http from 'node:http';
import * as https from 'node:https';

export interface TransportTarget {
  /** The addresses the guard approved for this URL's host; the connection must use one of them. */
  addresses: string[];
}

export type Transport = (
  url: URL,
  init: RequestInit & { signal: AbortSignal },
  target: TransportTarget,
) => Promise<Response>;

/** Wraps any fetch (the global one, or a test double). Does NOT pin addresses: see above. */
export function fetchTransport(fetchImpl: typeof fetch = globalThis.fetch): Transport {
  return (url, init) => fetchImpl(url, { ...init, redirect: 'manual' });
}

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

function familyOf(address: string): 4 | 6 {
  return address.includes(':') ? 6 : 4;
}

/**
 * A transport that connects only to the approved addresses. Node's happy-eyeballs logic gets all
 * of them (IPv6 and IPv4), so "localhost" -> [::1, 127.0.0.1] still reaches a server that listens
 * on one family only.
 */
export function pinnedTransport(): Transport {
  return async (url, init, target) => {
    // Any BodyInit (string, bytes, form, stream...) becomes bytes node:http can write, with the
    // Content-Type fetch would have given it when the caller set none.
    const extracted = init.body == null ? null : new Response(init.body);
    const payload = extracted ? new Uint8Array(await extracted.arrayBuffer()) : undefined;
    const defaultType = extracted?.headers.get('content-type') ?? null;
    return await new Promise<Response>((resolve, reject) => {
      const signal = init.signal;
      if (signal.aborted) {
        reject(signal.reason);
        return;
      }
      const addresses = target.addresses.map((address) => ({ address, family: familyOf(address) }));
      const lookup = (
        _hostname: string,
        options: { all?: boolean } | number | undefined,
        callback: (...args: unknown[]) => void,
      ) => {
        if (addresses.length === 0) {
          callback(Object.assign(new Error('no approved address'), { code: 'ENOTFOUND' }));
        } else if (typeof options === 'object' && options?.all) {
          callback(null, addresses);
        } else {
          callback(null, addresses[0].address, addresses[0].family);
        }
      };
      const headers: Record<string, string> = {};
      new Headers(init.headers).forEach((value, name) => {
        headers[name] = value;
      });
      if (defaultType && !('content-type' in headers)) headers['content-type'] = defaultType;
      // Explicit, so every method carries its body (Deno's node:http drops a DELETE body sent chunked).
      if (payload !== undefined) headers['content-length'] = String(payload.byteLength);
      const hostname = url.hostname.replace(/^\[|\]$/g, '');
      const options: https.RequestOptions = {
        protocol: url.protocol,
        hostname,
        port: url.port || (url.protocol === 'https:' ? 443 : 80),
        path: `${url.pathname}${url.search}`,
        method: init.method ?? 'GET',
        headers,
        agent: false, // one connection per request: nothing pooled outlives the check
        lookup: lookup as unknown as https.RequestOptions['lookup'],
      };
      const module = url.protocol === 'https:' ? https : http;

      let settled = false;
      const onAbort = () => request.destroy(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      const request = module.request(options, (response) => {
        settled = true;
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(response.headers)) {
          if (value === undefined) continue;
          for (const item of Array.isArray(value) ? value : [value]) responseHeaders.append(name, item);
        }
        const status = response.statusCode ?? 502;
        let body: ReadableStream<Uint8Array> | null = null;
        if (NULL_BODY_STATUSES.has(status) || init.method === 'HEAD') {
          response.on('close', () => signal.removeEventListener('abort', onAbort));
          response.resume();
        } else {
          // The consumer may cancel (redirects, size cap) while socket events are still queued:
          // after that, every controller call would throw, so `finished` guards them all.
          let finished = false;
          const finish = (action: () => void) => {
            if (finished) return;
            finished = true;
            signal.removeEventListener('abort', onAbort);
            try {
              action();
            } catch { /* stream already closed */ }
          };
          body = new ReadableStream<Uint8Array>({
            start(controller) {
              response.on('data', (chunk: Uint8Array) => {
                if (finished) return;
                controller.enqueue(new Uint8Array(chunk));
                // Backpressure: stop reading the socket until the consumer asks for more.
                if ((controller.desiredSize ?? 1) <= 0) response.pause();
              });
              response.on('end', () => finish(() => controller.close()));
              response.on(
                'error',
                (error: Error) => finish(() => controller.error(signal.aborted ? signal.reason : error)),
              );
              // A socket torn down mid-body may close without 'end' or 'error'; never leave the reader waiting.
              response.on('close', () => {
                if (!response.complete) {
                  finish(() =>
                    controller.error(signal.aborted ? signal.reason : new Error('The connection closed mid-response'))
                  );
                }
              });
            },
            pull() {
              response.resume();
            },
            cancel() {
              finish(() => {});
              response.destroy();
              request.destroy();
            },
          });
        }
        resolve(new Response(body, { status, statusText: response.statusMessage ?? '', headers: responseHeaders }));
      });
      request.on('error', (error: Error) => {
        signal.removeEventListener('abort', onAbort);
        if (!settled) {
          reject(signal.aborted ? signal.reason : error);
        }
      });
      signal.addEventListener('abort', onAbort, { once: true });
      if (payload === undefined) request.end();
      else request.end(payload);
    });
  };
}

export type TransportFailure = 'dns_failure' | 'connection_refused' | 'tls_error' | 'network_error';

/**
 * Sorts a connection error into what a person can act on. Node errors carry a code; Deno's fetch
 * only has a message (e.g. "client error (Connect): tcp connect error: Connection refused").
 */
export function classifyTransportError(error: unknown): TransportFailure {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const e = current as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof e.code === 'string') parts.push(e.code);
    if (typeof e.message === 'string') parts.push(e.message);
    current = e.cause;
  }
  const text = parts.join(' | ');
  if (/ENOTFOUND|EAI_AGAIN|EAI_NONAME|dns error|failed to lookup address|Name or service not known/i.test(text)) {
    return 'dns_failure';
  }
  if (/ECONNREFUSED|connection refused/i.test(text)) return 'connection_refused';
  if (
    /ERR_SSL|ERR_TLS|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_VERIFY|certificate|tls|ssl|handshake|InvalidContentType|corrupt message/i
      .test(text)
  ) {
    return 'tls_error';
  }
  return 'network_error';
}

/** A short, single-line reason from an error chain, for messages ("Connection reset by peer"). */
export function shortReason(error: unknown): string {
  let current: unknown = error;
  let last = '';
  for (let depth = 0; current && depth < 5; depth++) {
    const message = (current as { message?: unknown }).message;
    if (typeof message === 'string' && message) last = message;
    current = (current as { cause?: unknown }).cause;
  }
  const tail = last.split(/:\s+/).pop() ?? last;
  return tail.replace(/\s*\(os error \d+\)$/, '').slice(0, 160);
}
