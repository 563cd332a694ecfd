/**
 * Shared machinery of the fake AI servers: real HTTP on loopback, switchable failure modes, a
 * control endpoint, and request counting.
 *
 * Failure modes can be set three ways:
 * - constructor options (`startFakeOpenAI({ mode: 'hang' })`),
 * - `POST /__control` with a JSON patch of the state (from another process, e.g. Playwright),
 * - a path prefix on a single request: `/__fake/mode=slow,delay=1500,models=5000/v1/models`, so
 *   one server can stand in for many connections that behave differently (benchmarks, check-all).
 */

import { preflightAnswer, refusal, withCorsHeaders } from './cors.ts';

export type FakeMode =
  | 'ok'
  | 'slow' // answer after `delayMs`
  | 'hang' // accept the request, never answer
  | 'unauthorized' // 401 with the provider's error body
  | 'server_error' // 500 with the provider's error body
  | 'rate_limited' // 429 with Retry-After
  | 'not_found' // 404 for the model list
  | 'malformed' // 200, application/json, truncated JSON
  | 'html' // 200 text/html (a web page where the API was expected)
  | 'huge' // 200 with a body of `hugeBytes`, streamed
  | 'redirect_metadata' // 302 to the cloud metadata address
  | 'redirect_loop' // 302s back and forth between two URLs
  | 'redirect_chain'; // `hops` redirects, then the real answer

export const FAKE_MODES: readonly FakeMode[] = [
  'ok',
  'slow',
  'hang',
  'unauthorized',
  'server_error',
  'rate_limited',
  'not_found',
  'malformed',
  'html',
  'huge',
  'redirect_metadata',
  'redirect_loop',
  'redirect_chain',
];

export interface FakeState {
  mode: FakeMode;
  delayMs: number;
  modelCount: number;
  /** Bearer key the OpenAI fake requires; null accepts anything (like vLLM without --api-key). */
  apiKey: string | null;
  hugeBytes: number;
  hops: number;
  retryAfterSeconds: number;
  /** Local runtimes: how long loading a model into memory takes. */
  loadDelayMs: number;
  /** Local runtimes: loading this model fails ("*" for every model, null for none). */
  failLoad: string | null;
  /** Streamed answers: the pause between two tokens. */
  tokenDelayMs: number;
  /** Streamed answers: the connection drops after this many tokens (null: the answer completes). */
  streamFailAfter: number | null;
  /** Origins a browser page may call from (see cors.ts): each server's real default unless a test changes it. */
  corsOrigins: readonly string[];
}

export interface FakeServerOptions extends Partial<FakeState> {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Loopback only: 127.0.0.1 (default) or ::1. */
  hostname?: '127.0.0.1' | '::1';
}

export interface FakeServer {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  readonly port: number;
  readonly state: Readonly<FakeState>;
  /** Requests served so far (control requests excluded). */
  readonly requestCount: number;
  /** Paths of the latest requests (newest last, at most 100). */
  readonly requestLog: readonly string[];
  set(patch: Partial<FakeState>): void;
  reset(): void;
  /** A base URL whose requests behave as `patch` says, whatever the server-wide mode. */
  baseUrlWith(patch: Partial<FakeState> & { hop?: number }): string;
  close(): Promise<void>;
}

/** The per-request view handlers work with. */
export interface FakeRequestContext {
  request: Request;
  /** Path with any /__fake/... prefix removed. */
  path: string;
  url: URL;
  state: FakeState;
  /** Current hop for redirect modes. */
  hop: number;
  /** Rebuilds a URL on this server with the given per-request state. */
  urlWith(patch: Partial<FakeState> & { hop?: number }, path: string): string;
  /** Resolves when the client goes away or the server closes (for hang). */
  readonly gone: Promise<void>;
  /** Waits `ms` unless the server closes first. */
  sleep(ms: number): Promise<void>;
}

export interface FakeFlavor {
  name: string;
  defaults: FakeState;
  /** Ollama answers 403 to an origin it does not allow; the others just send no CORS headers. */
  refusesForeignOrigins?: boolean;
  /** True for paths whose answers the failure modes replace (the API, not the control endpoint). */
  isApiPath(path: string): boolean;
  /** Failure answers in this provider's own error format. */
  errorBody(status: number, ctx: FakeRequestContext): Response;
  /** The huge body: a prefix, a repeated unit and a suffix, e.g. a model list. */
  hugeParts(): { head: string; unit: string; tail: string };
  /** The malformed body. */
  malformedBody(): string;
  /** Normal routing. */
  route(ctx: FakeRequestContext): Response | Promise<Response>;
  /** Clears the flavor's own state (loaded models...) on reset, whether by method or control endpoint. */
  onReset?(): void;
}

const PREFIX = '/__fake/';
export const METADATA_REDIRECT_TARGET = 'http://169.254.169.254/latest/meta-data/iam/security-credentials/';

function parsePrefix(pathname: string): { patch: Partial<FakeState>; hop: number; path: string } {
  if (!pathname.startsWith(PREFIX)) return { patch: {}, hop: 0, path: pathname };
  const rest = pathname.slice(PREFIX.length);
  const slash = rest.indexOf('/');
  const spec = decodeURIComponent(slash === -1 ? rest : rest.slice(0, slash));
  const path = slash === -1 ? '/' : rest.slice(slash);
  const patch: Partial<FakeState> = {};
  let hop = 0;
  for (const pair of spec.split(',')) {
    const [key, value = ''] = pair.split('=');
    const n = Number(value);
    if (key === 'mode' && (FAKE_MODES as readonly string[]).includes(value)) patch.mode = value as FakeMode;
    else if (key === 'delay' && Number.isFinite(n)) patch.delayMs = n;
    else if (key === 'models' && Number.isFinite(n)) patch.modelCount = n;
    else if (key === 'bytes' && Number.isFinite(n)) patch.hugeBytes = n;
    else if (key === 'hops' && Number.isFinite(n)) patch.hops = n;
    else if (key === 'retry' && Number.isFinite(n)) patch.retryAfterSeconds = n;
    else if (key === 'key') patch.apiKey = value === '' ? null : value;
    else if (key === 'loaddelay' && Number.isFinite(n)) patch.loadDelayMs = n;
    else if (key === 'failload') patch.failLoad = value === '' ? null : value;
    else if (key === 'tokendelay' && Number.isFinite(n)) patch.tokenDelayMs = n;
    else if (key === 'failafter') patch.streamFailAfter = value === '' ? null : Number.isFinite(n) ? n : null;
    else if (key === 'hop' && Number.isFinite(n)) hop = n;
  }
  return { patch, hop, path };
}

function formatPrefix(patch: Partial<FakeState> & { hop?: number }): string {
  const parts: string[] = [];
  if (patch.mode) parts.push(`mode=${patch.mode}`);
  if (patch.delayMs !== undefined) parts.push(`delay=${patch.delayMs}`);
  if (patch.modelCount !== undefined) parts.push(`models=${patch.modelCount}`);
  if (patch.hugeBytes !== undefined) parts.push(`bytes=${patch.hugeBytes}`);
  if (patch.hops !== undefined) parts.push(`hops=${patch.hops}`);
  if (patch.retryAfterSeconds !== undefined) parts.push(`retry=${patch.retryAfterSeconds}`);
  if (patch.apiKey !== undefined) parts.push(`key=${patch.apiKey ?? ''}`);
  if (patch.loadDelayMs !== undefined) parts.push(`loaddelay=${patch.loadDelayMs}`);
  if (patch.failLoad !== undefined) parts.push(`failload=${encodeURIComponent(patch.failLoad ?? '')}`);
  if (patch.tokenDelayMs !== undefined) parts.push(`tokendelay=${patch.tokenDelayMs}`);
  if (patch.streamFailAfter !== undefined) parts.push(`failafter=${patch.streamFailAfter ?? ''}`);
  if (patch.hop !== undefined) parts.push(`hop=${patch.hop}`);
  return parts.length ? `${PREFIX}${parts.join(',')}` : '';
}

function sleepUnless(ms: number, gone: Promise<void>): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
    gone,
  ]).finally(() => clearTimeout(timer));
}

/** A body of about `bytes` bytes, produced on demand so the fake never holds it in memory. */
function hugeStream(parts: { head: string; unit: string; tail: string }, bytes: number): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const unit = encoder.encode(parts.unit);
  const batch = new Uint8Array(unit.length * Math.max(1, Math.floor(65_536 / unit.length)));
  for (let i = 0; i + unit.length <= batch.length; i += unit.length) batch.set(unit, i);
  let sent = 0;
  let phase: 'head' | 'body' | 'tail' | 'done' = 'head';
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (phase === 'head') {
        const head = encoder.encode(parts.head);
        sent += head.length;
        controller.enqueue(head);
        phase = 'body';
      } else if (phase === 'body') {
        controller.enqueue(batch);
        sent += batch.length;
        if (sent >= bytes) phase = 'tail';
      } else if (phase === 'tail') {
        controller.enqueue(encoder.encode(parts.tail));
        phase = 'done';
      } else {
        controller.close();
      }
    },
  });
}

export function startFakeServer(flavor: FakeFlavor, options: FakeServerOptions = {}): FakeServer {
  const hostname = options.hostname ?? '127.0.0.1';
  if (hostname !== '127.0.0.1' && hostname !== '::1') throw new Error('Fake servers listen on loopback only');
  const initial: FakeState = { ...flavor.defaults };
  for (const key of Object.keys(flavor.defaults) as (keyof FakeState)[]) {
    if (options[key] !== undefined) (initial as unknown as Record<string, unknown>)[key] = options[key];
  }
  let state: FakeState = { ...initial };
  let requestCount = 0;
  const requestLog: string[] = [];
  const closing = new AbortController();
  const closed = new Promise<void>((resolve) =>
    closing.signal.addEventListener('abort', () => resolve(), { once: true })
  );

  const server = Deno.serve(
    { hostname, port: options.port ?? 0, onListen: () => {} },
    async (request) => {
      const url = new URL(request.url);
      if (url.pathname === '/__control' || url.pathname === '/__control/reset') {
        return control(request, url.pathname);
      }
      const cors = { patterns: state.corsOrigins, refuseWith403: flavor.refusesForeignOrigins ?? false };
      const early = preflightAnswer(request, cors) ?? refusal(request, cors);
      if (early) return early;
      return withCorsHeaders(request, await serve(request, url), cors);
    },
  );

  async function serve(request: Request, url: URL): Promise<Response> {
    requestCount++;
    requestLog.push(`${request.method} ${url.pathname}`);
    if (requestLog.length > 100) requestLog.shift();

    const parsed = parsePrefix(url.pathname);
    const effective: FakeState = { ...state, ...parsed.patch };
    // Listening to request.signal only where needed: on a normal answer Deno aborts it too and warns.
    let gone: Promise<void> | undefined;
    const ctx: FakeRequestContext = {
      request,
      url,
      path: parsed.path,
      state: effective,
      hop: parsed.hop,
      get gone() {
        gone ??= Promise.race([
          closed,
          new Promise<void>((resolve) => request.signal.addEventListener('abort', () => resolve(), { once: true })),
        ]);
        return gone;
      },
      sleep: (ms) => sleepUnless(ms, closed),
      urlWith: (patch, path) => `${origin}${formatPrefix({ ...parsed.patch, ...patch })}${path}${url.search}`,
    };
    if (!flavor.isApiPath(parsed.path)) return flavor.route(ctx);
    return await failureOr(ctx);
  }

  const port = server.addr.port;
  const origin = hostname === '::1' ? `http://[::1]:${port}` : `http://127.0.0.1:${port}`;

  async function failureOr(ctx: FakeRequestContext): Promise<Response> {
    const s = ctx.state;
    switch (s.mode) {
      case 'ok':
        return flavor.route(ctx);
      case 'slow':
        await ctx.sleep(s.delayMs);
        return flavor.route(ctx);
      case 'hang':
        await ctx.gone;
        return new Response(null, { status: 503 }); // only reached when the client left or the server closes
      case 'unauthorized':
        return flavor.errorBody(401, ctx);
      case 'server_error':
        return flavor.errorBody(500, ctx);
      case 'rate_limited': {
        const response = flavor.errorBody(429, ctx);
        response.headers.set('retry-after', String(s.retryAfterSeconds));
        return response;
      }
      case 'not_found':
        return flavor.errorBody(404, ctx);
      case 'malformed':
        return new Response(flavor.malformedBody(), { headers: { 'content-type': 'application/json; charset=utf-8' } });
      case 'html':
        return new Response('<!doctype html><html><head><title>Welcome</title></head><body>It works!</body></html>', {
          headers: { 'content-type': 'text/html; charset=utf-8' },
        });
      case 'huge':
        return new Response(hugeStream(flavor.hugeParts(), s.hugeBytes), {
          headers: { 'content-type': 'application/json; charset=utf-8' },
        });
      case 'redirect_metadata':
        return new Response(null, { status: 302, headers: { location: METADATA_REDIRECT_TARGET } });
      case 'redirect_loop':
        return new Response(null, {
          status: 302,
          headers: { location: ctx.urlWith({ hop: ctx.hop === 0 ? 1 : 0 }, ctx.path) },
        });
      case 'redirect_chain':
        if (ctx.hop >= s.hops) return flavor.route(ctx);
        return new Response(null, { status: 302, headers: { location: ctx.urlWith({ hop: ctx.hop + 1 }, ctx.path) } });
    }
  }

  async function control(request: Request, pathname: string): Promise<Response> {
    const json = (body: unknown, status = 200) =>
      new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    if (pathname === '/__control/reset' && request.method === 'POST') {
      handle.reset();
      return json({ state, requestCount });
    }
    if (request.method === 'GET') return json({ state, requestCount, requestLog });
    if (request.method !== 'POST') return json({ error: 'use GET or POST' }, 405);
    let patch: unknown;
    try {
      patch = await request.json();
    } catch {
      return json({ error: 'send a JSON object' }, 400);
    }
    if (typeof patch !== 'object' || patch === null) return json({ error: 'send a JSON object' }, 400);
    const p = patch as Record<string, unknown>;
    if (p.mode !== undefined && !(FAKE_MODES as readonly unknown[]).includes(p.mode)) {
      return json({ error: `unknown mode; use one of ${FAKE_MODES.join(', ')}` }, 400);
    }
    handle.set(p as Partial<FakeState>);
    return json({ state, requestCount });
  }

  const handle: FakeServer = {
    url: origin,
    port,
    get state() {
      return state;
    },
    get requestCount() {
      return requestCount;
    },
    get requestLog() {
      return requestLog;
    },
    set(patch) {
      const next = { ...state };
      for (const key of Object.keys(flavor.defaults) as (keyof FakeState)[]) {
        if (key in patch) (next as unknown as Record<string, unknown>)[key] = patch[key];
      }
      state = next;
    },
    reset() {
      state = { ...initial };
      requestCount = 0;
      requestLog.length = 0;
      flavor.onReset?.();
    },
    baseUrlWith(patch) {
      return `${origin}${formatPrefix(patch)}`;
    },
    async close() {
      closing.abort();
      await server.shutdown();
    },
  };
  return handle;
}

/** A request's JSON object body, or null when it has none or it is not an object (for the fakes' routes). */
export async function readJsonObject(request: Request): Promise<Record<string, unknown> | null> {
  try {
    const body = await request.json();
    return typeof body === 'object' && body !== null ? body as Record<string, unknown> : null;
  } catch {
    return null;
  }
}

/** The words of a fake answer, as the tokens a model would stream. */
export function fakeAnswerTokens(model: string, prompt: string): string[] {
  const text = `This is a fake answer from ${model} to: ${prompt.slice(0, 60)}`;
  return text.split(/(?<= )/);
}

/**
 * A streamed body: `head`, then one frame per token `tokenDelayMs` apart, then `tail`; with
 * `streamFailAfter` the connection drops after that many tokens, as a crashed server's would.
 * Stops producing when the client goes away.
 */
export function streamFrames(ctx: FakeRequestContext, frames: { head?: string[]; tokens: string[]; tail: string[] }): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const { tokenDelayMs, streamFailAfter } = ctx.state;
  let cancelled = false;
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      for (const frame of frames.head ?? []) controller.enqueue(encoder.encode(frame));
      for (let i = 0; i < frames.tokens.length; i++) {
        if (cancelled) return;
        if (streamFailAfter !== null && i >= streamFailAfter) {
          controller.error(new Error('fake server crashed mid-stream'));
          return;
        }
        if (tokenDelayMs > 0) await ctx.sleep(tokenDelayMs);
        if (cancelled) return;
        controller.enqueue(encoder.encode(frames.tokens[i]));
      }
      for (const frame of frames.tail) controller.enqueue(encoder.encode(frame));
      controller.close();
    },
    cancel() {
      cancelled = true;
    },
  });
}
