/**
 * safeFetch: the only way server code should call a user-supplied URL.
 *
 * Every hop (the first URL and each redirect target) goes through the SSRF guard; redirects are
 * never followed automatically (at most `maxRedirects` checked hops, loops refused); one deadline
 * covers DNS, connecting, redirects and reading the body; the body is read as a stream and the
 * request is aborted as soon as it exceeds `maxBytes`. Failures come back as SafeFetchError with
 * a code the error mapping (providers/errors.ts) turns into a sentence.
 */
import {
  BlockedUrlError,
  type BlockReason,
  checkHost,
  DnsLookupError,
  type Resolver,
  systemResolver,
  validateUrl,
} from './ssrf.ts';
import { classifyTransportError, fetchTransport, pinnedTransport, shortReason, type Transport } from './transport.ts';

export type SafeFetchErrorCode =
  | 'blocked_address'
  | 'dns_failure'
  | 'connection_refused'
  | 'tls_error'
  | 'network_error'
  | 'timeout'
  | 'aborted'
  | 'too_many_redirects'
  | 'redirect_loop'
  | 'too_large';

export class SafeFetchError extends Error {
  constructor(
    readonly code: SafeFetchErrorCode,
    message: string,
    readonly details: {
      url?: string;
      host?: string;
      address?: string;
      blockReason?: BlockReason;
      timeoutMs?: number;
      maxBytes?: number;
      maxRedirects?: number;
      reason?: string;
      /** For a refused redirect target: the host that redirected there (the one the user configured). */
      redirectedFrom?: string;
      cause?: unknown;
    } = {},
  ) {
    super(message, { cause: details.cause });
    this.name = 'SafeFetchError';
  }
}

export interface SafeFetchOptions {
  /** Allow loopback/private/link-local... targets (metadata stays refused). Default false. */
  allowPrivate?: boolean;
  /** One deadline for the whole exchange, redirects and body included. Default 10 s. */
  timeoutMs?: number;
  /** Largest body accepted, in bytes. Default 8 MiB (OpenRouter's full list is well under that). */
  maxBytes?: number;
  /** Redirects followed (each one checked). Default 3. */
  maxRedirects?: number;
  resolver?: Resolver;
  /** A plain fetch to use instead of the pinned transport (tests, runtimes without node:http). */
  fetch?: typeof fetch;
  /** Full control over the wire; wins over `fetch`. */
  transport?: Transport;
  /** The caller's own cancellation (e.g. the incoming request's signal). */
  signal?: AbortSignal;
  /** Headers that carry credentials; dropped when a redirect leaves the original origin. */
  sensitiveHeaders?: string[];
  /** Clock for elapsed time (tests). */
  now?: () => number;
}

export interface SafeResponse {
  status: number;
  statusText: string;
  headers: Headers;
  body: string;
  /** The URL that produced this response (after redirects). */
  url: string;
  /** Every URL visited before it, in order. */
  redirects: string[];
  bytes: number;
  elapsedMs: number;
}

const DEFAULT_SENSITIVE = ['authorization', 'x-api-key', 'x-goog-api-key', 'api-key', 'cookie', 'proxy-authorization'];
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export const SAFE_FETCH_DEFAULTS = { timeoutMs: 10_000, maxBytes: 8 * 1024 * 1024, maxRedirects: 3 } as const;

export function safeFetch(
  input: string | URL,
  init: RequestInit = {},
  options: SafeFetchOptions = {},
): Promise<SafeResponse> {
  const maxBytes = options.maxBytes ?? SAFE_FETCH_DEFAULTS.maxBytes;
  return guardedExchange(input, init, options, async (response, exchange) => {
    const read = await readCapped(response, maxBytes, exchange.signal);
    return {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
      body: read.text,
      url: exchange.url.href,
      redirects: exchange.redirects,
      bytes: read.bytes,
      elapsedMs: exchange.elapsedMs(),
    };
  });
}

/** A response whose body is read as it arrives (model output streams), after the same checks. */
export interface SafeStreamResponse {
  status: number;
  statusText: string;
  headers: Headers;
  /** The body, capped at maxBytes; a pause longer than idleTimeoutMs between chunks errors it (code timeout). */
  body: ReadableStream<Uint8Array>;
  url: string;
  redirects: string[];
  /** Time to the response headers. */
  elapsedMs: number;
}

export interface SafeStreamOptions extends SafeFetchOptions {
  /** Longest silence between two chunks of the body. Default 60 s. */
  idleTimeoutMs?: number;
}

/**
 * safeFetch for answers that stream: every hop is checked the same way, `timeoutMs` covers getting
 * the response headers, and the body then flows as a stream with its own idle timeout and byte cap.
 * The caller's signal keeps cancelling the upstream request until the body ends or is cancelled.
 */
export function safeFetchStream(
  input: string | URL,
  init: RequestInit = {},
  options: SafeStreamOptions = {},
): Promise<SafeStreamResponse> {
  const maxBytes = options.maxBytes ?? SAFE_FETCH_DEFAULTS.maxBytes;
  const idleTimeoutMs = options.idleTimeoutMs ?? 60_000;
  return guardedExchange(input, init, options, (response, exchange) => {
    const release = exchange.detach();
    const host = exchange.url.host;
    if (!response.body) {
      release();
      return Promise.resolve({ status: response.status, statusText: response.statusText, headers: response.headers, body: new ReadableStream<Uint8Array>({ start: (c) => c.close() }), url: exchange.url.href, redirects: exchange.redirects, elapsedMs: exchange.elapsedMs() });
    }
    const reader = response.body.getReader();
    let bytes = 0;
    const fail = (error: unknown): SafeFetchError => {
      if (error instanceof SafeFetchError) return withUrl(error, exchange.url);
      if (exchange.signal.aborted) return exchange.failFromAbort(exchange.url, error);
      return new SafeFetchError(classifyTransportError(error), `${host}: ${shortReason(error)}`, { url: exchange.url.href, host, reason: shortReason(error), cause: error });
    };
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          const { done, value } = await readWithin(reader, exchange.signal, idleTimeoutMs, host);
          if (done) {
            release();
            controller.close();
            return;
          }
          bytes += value.byteLength;
          if (bytes > maxBytes) throw new SafeFetchError('too_large', `The response passed the ${maxBytes}-byte limit`, { maxBytes });
          controller.enqueue(value);
        } catch (error) {
          release();
          await reader.cancel().catch(() => {});
          controller.error(fail(error));
        }
      },
      async cancel(reason) {
        release();
        await reader.cancel(reason).catch(() => {});
      },
    });
    return Promise.resolve({ status: response.status, statusText: response.statusText, headers: response.headers, body, url: exchange.url.href, redirects: exchange.redirects, elapsedMs: exchange.elapsedMs() });
  });
}

/** What guardedExchange hands the code that consumes the final response. */
interface Exchange {
  url: URL;
  redirects: string[];
  signal: AbortSignal;
  elapsedMs(): number;
  failFromAbort(url: URL, cause?: unknown): SafeFetchError;
  /**
   * For a body read after the exchange returns: stops the deadline now, and keeps the caller's
   * cancellation linked until the returned release() is called.
   */
  detach(): () => void;
}

/** Checks every hop, follows redirects by hand, then lets `consume` read the final response. */
async function guardedExchange<T>(
  input: string | URL,
  init: RequestInit,
  options: SafeFetchOptions,
  consume: (response: Response, exchange: Exchange) => Promise<T>,
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? SAFE_FETCH_DEFAULTS.timeoutMs;
  const maxRedirects = options.maxRedirects ?? SAFE_FETCH_DEFAULTS.maxRedirects;
  const resolver = options.resolver ?? systemResolver;
  const transport = options.transport ?? (options.fetch ? fetchTransport(options.fetch) : pinnedTransport());
  const now = options.now ?? (() => performance.now());
  const sensitive = new Set([...DEFAULT_SENSITIVE, ...(options.sensitiveHeaders ?? []).map((h) => h.toLowerCase())]);
  const started = now();
  // Parsed before any timer or listener exists, so a refused URL leaves nothing behind.
  let url = guardedParse(input);

  // Our own timer rather than AbortSignal.timeout: it is cleared in `finally`, so nothing outlives the call.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException('deadline', 'TimeoutError')), timeoutMs);
  const onCallerAbort = () => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) controller.abort(options.signal.reason);
  options.signal?.addEventListener('abort', onCallerAbort, { once: true });
  const signal = controller.signal;

  const failFromAbort = (url: URL, cause?: unknown): SafeFetchError => {
    const timedOut = (signal.reason as { name?: string } | undefined)?.name === 'TimeoutError';
    return timedOut
      ? new SafeFetchError('timeout', `No answer from ${url.host} within ${formatSeconds(timeoutMs)}`, {
        url: url.href,
        host: url.host,
        timeoutMs,
        cause,
      })
      : new SafeFetchError('aborted', 'The request was cancelled', { url: url.href, host: url.host, cause });
  };

  let method = (init.method ?? 'GET').toUpperCase();
  let body = init.body ?? undefined;
  const headers = new Headers(init.headers);
  const redirects: string[] = [];
  const origin = url.origin;
  /** The host whose redirect led to the current hop, if any. */
  let redirectedFrom: string | undefined;
  let detached = false;
  const detach = () => {
    detached = true;
    clearTimeout(timer);
    return () => options.signal?.removeEventListener('abort', onCallerAbort);
  };

  try {
    for (let hop = 0;; hop++) {
      let addresses: string[];
      try {
        ({ addresses } = await checkHost(url, { allowPrivate: options.allowPrivate ?? false, resolver, signal }));
      } catch (error) {
        if (signal.aborted) throw failFromAbort(url, error);
        throw toSafeFetchError(error, url, redirectedFrom);
      }

      let response: Response;
      try {
        response = await transport(url, { method, headers, body, signal, redirect: 'manual' }, { addresses });
      } catch (error) {
        if (signal.aborted) throw failFromAbort(url, error);
        const code = classifyTransportError(error);
        throw new SafeFetchError(code, `${url.host}: ${shortReason(error)}`, {
          url: url.href,
          host: url.host,
          reason: shortReason(error),
          cause: error,
        });
      }

      const location = response.headers.get('location');
      if (REDIRECT_STATUSES.has(response.status) && location) {
        await response.body?.cancel().catch(() => {});
        let next: URL;
        try {
          next = new URL(location, url);
        } catch {
          throw new SafeFetchError('blocked_address', `${url.host} redirected to an invalid URL`, {
            url: url.href,
            host: url.host,
            blockReason: 'invalid',
            redirectedFrom: url.host,
          });
        }
        redirects.push(url.href);
        if (next.href === url.href || redirects.includes(next.href)) {
          throw new SafeFetchError('redirect_loop', `${url.host} redirects in a loop`, {
            url: next.href,
            host: url.host,
          });
        }
        if (hop + 1 > maxRedirects) {
          // Named after the server that redirected once too often, not the address it pointed to
          // (which was never contacted).
          throw new SafeFetchError('too_many_redirects', `More than ${maxRedirects} redirects`, {
            url: next.href,
            host: url.host,
            maxRedirects,
          });
        }
        // Fetch-standard method rewriting: 303 always, 301/302 for POST, become a bodiless GET.
        if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
          if (method !== 'HEAD') method = 'GET';
          body = undefined;
          headers.delete('content-type');
          headers.delete('content-length');
        }
        // Never hand a key to another origin because a server said so.
        if (next.origin !== origin) { for (const name of sensitive) headers.delete(name); }
        redirectedFrom = url.host;
        url = guardedParse(next, redirectedFrom);
        continue;
      }

      try {
        const finalUrl = url;
        return await consume(response, { url: finalUrl, redirects, signal, elapsedMs: () => Math.max(0, now() - started), failFromAbort, detach });
      } catch (error) {
        if (error instanceof SafeFetchError) throw withUrl(error, url);
        if (signal.aborted) throw failFromAbort(url, error);
        throw new SafeFetchError(classifyTransportError(error), `${url.host}: ${shortReason(error)}`, {
          url: url.href,
          host: url.host,
          reason: shortReason(error),
          cause: error,
        });
      }
    }
  } finally {
    clearTimeout(timer);
    if (!detached) options.signal?.removeEventListener('abort', onCallerAbort);
  }
}

/**
 * The refusal safeFetch would give `input` before using the network (scheme, credentials, syntax),
 * or null. For checking a stored URL before anything is recorded about a request to it.
 */
export function urlRefusal(input: string | URL): SafeFetchError | null {
  try {
    guardedParse(input);
    return null;
  } catch (error) {
    if (error instanceof SafeFetchError) return error;
    throw error;
  }
}

/**
 * The refusal the first hop to `input` would get, DNS answers judged too, or null. Only refusals:
 * a name that does not resolve (or any other failure) is left for the request itself to report,
 * and safeFetch checks every hop again whatever this said.
 */
export async function targetRefusal(
  input: string | URL,
  options: Pick<SafeFetchOptions, 'allowPrivate' | 'resolver' | 'signal' | 'timeoutMs'> = {},
): Promise<SafeFetchError | null> {
  const refused = urlRefusal(input);
  if (refused) return refused;
  const url = validateUrl(input);
  // Our own timer, cleared below, so nothing outlives the call (as in guardedExchange).
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? SAFE_FETCH_DEFAULTS.timeoutMs);
  const onCallerAbort = () => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) controller.abort(options.signal.reason);
  options.signal?.addEventListener('abort', onCallerAbort, { once: true });
  try {
    await checkHost(url, {
      allowPrivate: options.allowPrivate ?? false,
      resolver: options.resolver ?? systemResolver,
      signal: controller.signal,
    });
    return null;
  } catch (error) {
    return error instanceof BlockedUrlError ? toSafeFetchError(error, url) : null;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onCallerAbort);
  }
}

function guardedParse(input: string | URL, redirectedFrom?: string): URL {
  try {
    return validateUrl(input);
  } catch (error) {
    throw toSafeFetchError(error, undefined, redirectedFrom, String(input));
  }
}

function toSafeFetchError(error: unknown, url: URL | undefined, redirectedFrom?: string, input?: string): SafeFetchError {
  if (error instanceof SafeFetchError) return error;
  if (error instanceof BlockedUrlError) {
    return new SafeFetchError('blocked_address', error.message, {
      url: url?.href ?? input,
      host: url?.host ?? error.host,
      address: error.address,
      blockReason: error.reason,
      redirectedFrom,
      cause: error,
    });
  }
  if (error instanceof DnsLookupError) {
    return new SafeFetchError('dns_failure', error.message, {
      url: url?.href,
      host: url?.hostname ?? error.host,
      cause: error,
    });
  }
  return new SafeFetchError('network_error', shortReason(error) || 'Request failed', {
    url: url?.href,
    host: url?.host,
    reason: shortReason(error),
    cause: error,
  });
}

function withUrl(error: SafeFetchError, url: URL): SafeFetchError {
  if (error.details.url) return error;
  return new SafeFetchError(error.code, error.message, { ...error.details, url: url.href, host: url.host });
}

/** Reads the body while counting bytes; cancels the stream the moment it passes the cap. */
async function readCapped(
  response: Response,
  maxBytes: number,
  signal: AbortSignal,
): Promise<{ text: string; bytes: number }> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw new SafeFetchError('too_large', `The response is ${declared} bytes, over the ${maxBytes}-byte limit`, {
      maxBytes,
    });
  }
  if (!response.body) return { text: '', bytes: 0 };
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const chunks: string[] = [];
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await readOrAbort(reader, signal);
      if (done) break;
      bytes += value.byteLength;
      if (bytes > maxBytes) {
        throw new SafeFetchError('too_large', `The response passed the ${maxBytes}-byte limit`, { maxBytes });
      }
      chunks.push(decoder.decode(value, { stream: true }));
    }
    chunks.push(decoder.decode());
    return { text: chunks.join(''), bytes };
  } catch (error) {
    await reader.cancel().catch(() => {});
    throw error;
  } finally {
    reader.releaseLock();
  }
}

/** reader.read() that also gives up after `idleMs` without a chunk. */
function readWithin<T>(reader: ReadableStreamDefaultReader<T>, signal: AbortSignal, idleMs: number, host: string): Promise<ReadableStreamReadResult<T>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const idle = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SafeFetchError('timeout', `${host} stopped sending for ${formatSeconds(idleMs)}`, { host, timeoutMs: idleMs })), idleMs);
  });
  return Promise.race([readOrAbort(reader, signal), idle]).finally(() => clearTimeout(timer));
}

/** reader.read() that gives up when the deadline fires, even if the stream itself never settles. */
function readOrAbort<T>(
  reader: ReadableStreamDefaultReader<T>,
  signal: AbortSignal,
): Promise<ReadableStreamReadResult<T>> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    reader.read().then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

export function formatSeconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}
