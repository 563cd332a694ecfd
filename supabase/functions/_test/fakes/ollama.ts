/**
 * Fake Ollama: `GET /api/tags`, `GET /api/version`, `GET /api/ps`, `POST /api/generate` (load with
 * an empty prompt, unload with keep_alive 0) and `DELETE /api/delete`, answering errors the way
 * Ollama does (`{ "error": "..." }`, and Go's plain-text "404 page not found" for unknown routes).
 * No auth, like Ollama itself. Loading honours `keep_alive` (a duration such as "5m", seconds, or
 * negative for "forever") for the expiry /api/ps reports, takes `loadDelayMs`, and fails like a
 * machine without enough memory for the model named by `failLoad` ("*": every model).
 */
import { OLLAMA_DEFAULT_ORIGINS } from './cors.ts';
import { fakeAnswerTokens, type FakeFlavor, type FakeServer, type FakeServerOptions, readJsonObject, startFakeServer, streamFrames } from './fake-server.ts';
import { ollamaModelName, ollamaTag } from './models.ts';

export const FAKE_OLLAMA_VERSION = '0.12.3';

function ollamaError(status: number, message: string): Response {
  return new Response(JSON.stringify({ error: message }), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
}

function notFound(): Response {
  return new Response('404 page not found', { status: 404, headers: { 'content-type': 'text/plain' } });
}

/** Ollama's keep_alive: seconds as a number, a Go duration ("5m", "1h30m", "300ms"), negative = forever. */
export function keepAliveMs(value: unknown): number | null {
  if (value === undefined || value === null) return 5 * 60_000;
  if (typeof value === 'number') return value < 0 ? Infinity : value * 1000;
  if (typeof value !== 'string') return null;
  if (/^-?\d+(\.\d+)?$/.test(value)) return Number(value) < 0 ? Infinity : Number(value) * 1000;
  if (value.startsWith('-')) return Infinity;
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  let rest = value;
  while (rest !== '') {
    const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)/.exec(rest);
    if (!match) return null;
    total += Number(match[1]) * units[match[2]];
    rest = rest.slice(match[0].length);
  }
  return total;
}

export interface FakeOllama extends FakeServer {
  /** Names of the models currently "loaded" (what /api/ps lists), with when they expire. */
  readonly loaded: ReadonlyMap<string, number>;
  /** Names removed with /api/delete (they disappear from /api/tags). */
  readonly deleted: ReadonlySet<string>;
}

export function startFakeOllama(options: FakeServerOptions = {}): FakeOllama {
  const loaded = new Map<string, number>();
  const deleted = new Set<string>();
  const isLoaded = (name: string) => {
    const expires = loaded.get(name);
    if (expires === undefined) return false;
    if (expires > Date.now()) return true;
    loaded.delete(name);
    return false;
  };
  const models = (count: number) =>
    Array.from({ length: count }, (_, i) => ollamaTag(i)).filter((m) => !deleted.has(m.name));
  const find = (count: number, name: unknown) => {
    if (typeof name !== 'string') return undefined;
    const wanted = name.includes(':') ? name : `${name}:latest`;
    return models(count).find((m) => m.name === wanted || m.name === name);
  };

  const flavor: FakeFlavor = {
    name: 'ollama',
    refusesForeignOrigins: true,
    defaults: {
      mode: 'ok',
      delayMs: 1_500,
      modelCount: 5,
      apiKey: null,
      hugeBytes: 64 * 1024 * 1024,
      hops: 2,
      retryAfterSeconds: 7,
      loadDelayMs: 0,
      failLoad: null,
      tokenDelayMs: 20,
      streamFailAfter: null,
      corsOrigins: OLLAMA_DEFAULT_ORIGINS,
    },
    isApiPath: (path) => path.startsWith('/api/'),
    onReset() {
      loaded.clear();
      deleted.clear();
    },
    errorBody(status) {
      if (status === 404) return notFound();
      if (status === 401) return ollamaError(401, 'unauthorized');
      if (status === 429) return ollamaError(429, 'too many requests');
      return ollamaError(status, 'llama runner process has terminated: exit status 2');
    },
    hugeParts: () => {
      const tag = JSON.stringify(ollamaTag(0));
      return { head: '{"models":[', unit: `${tag},`, tail: `${tag}]}` };
    },
    malformedBody: () => '{"models":[{"name":"llama3.2:latest","model":"llama3.2:latest","size":20198',
    async route(ctx) {
      const { request, path, state } = ctx;
      if (request.method === 'GET' && path === '/api/tags') return Response.json({ models: models(state.modelCount) });
      if (request.method === 'GET' && path === '/api/version') return Response.json({ version: FAKE_OLLAMA_VERSION });
      if (request.method === 'GET' && path === '/api/ps') {
        const running = models(state.modelCount)
          .filter((m) => isLoaded(m.name))
          .map((m) => {
            const expires = loaded.get(m.name)!;
            return {
              name: m.name,
              model: m.model,
              size: m.size,
              digest: m.digest,
              details: m.details,
              // "Forever" is reported as a date far in the future, as Ollama does.
              expires_at: new Date(Number.isFinite(expires) ? expires : Date.parse('2318-01-01T00:00:00Z')).toISOString(),
              size_vram: m.size,
            };
          });
        return Response.json({ models: running });
      }
      if (request.method === 'POST' && path === '/api/generate') {
        const body = await readJsonObject(request);
        if (!body) return ollamaError(400, 'invalid character looking for beginning of value');
        const model = find(state.modelCount, body.model);
        if (!model) return ollamaError(404, `model '${String(body.model)}' not found`);
        const createdAt = new Date().toISOString();
        const keepAlive = keepAliveMs(body.keep_alive);
        if (keepAlive === null) return ollamaError(400, `time: invalid duration "${String(body.keep_alive)}"`);
        if (keepAlive === 0) {
          loaded.delete(model.name);
          return Response.json({
            model: model.name,
            created_at: createdAt,
            response: '',
            done: true,
            done_reason: 'unload',
          });
        }
        if (!isLoaded(model.name)) {
          if (state.loadDelayMs > 0) await ctx.sleep(state.loadDelayMs);
          if (state.failLoad === '*' || state.failLoad === model.name) {
            return ollamaError(500, 'model requires more system memory (11.2 GiB) than is available (7.6 GiB)');
          }
        }
        loaded.set(model.name, Date.now() + keepAlive);
        if (typeof body.prompt !== 'string' || body.prompt === '') {
          return Response.json({
            model: model.name,
            created_at: createdAt,
            response: '',
            done: true,
            done_reason: 'load',
          });
        }
        return Response.json({
          model: model.name,
          created_at: createdAt,
          response: 'This is a fake answer.',
          done: true,
          done_reason: 'stop',
          total_duration: 1_000_000,
          load_duration: 100_000,
          prompt_eval_count: 5,
          prompt_eval_duration: 100_000,
          eval_count: 5,
          eval_duration: 500_000,
        });
      }
      if (request.method === 'POST' && path === '/api/chat') {
        const body = await readJsonObject(request);
        if (!body || !Array.isArray(body.messages)) return ollamaError(400, 'invalid request: messages are required');
        const model = find(state.modelCount, body.model);
        if (!model) return ollamaError(404, `model "${String(body.model)}" not found, try pulling it first`);
        loaded.set(model.name, Date.now() + (keepAliveMs(body.keep_alive) ?? 300_000));
        const last = body.messages.at(-1) as { content?: unknown } | undefined;
        const tokens = fakeAnswerTokens(model.name, typeof last?.content === 'string' ? last.content : '');
        const line = (value: unknown) => `${JSON.stringify(value)}\n`;
        const at = () => new Date().toISOString();
        if (body.stream === false) {
          return Response.json({ model: model.name, created_at: at(), message: { role: 'assistant', content: tokens.join('') }, done: true, done_reason: 'stop', prompt_eval_count: 12, eval_count: tokens.length });
        }
        const stream = streamFrames(ctx, {
          tokens: tokens.map((content) => line({ model: model.name, created_at: at(), message: { role: 'assistant', content }, done: false })),
          tail: [line({ model: model.name, created_at: at(), message: { role: 'assistant', content: '' }, done: true, done_reason: 'stop', total_duration: 1_000_000, prompt_eval_count: 12, eval_count: tokens.length })],
        });
        return new Response(stream, { headers: { 'content-type': 'application/x-ndjson' } });
      }
      if (request.method === 'DELETE' && path === '/api/delete') {
        const body = await readJsonObject(request);
        // Newer Ollama takes "model", older "name".
        const model = find(state.modelCount, body?.model ?? body?.name);
        if (!model) return ollamaError(404, `model '${String(body?.model ?? body?.name)}' not found`);
        deleted.add(model.name);
        loaded.delete(model.name);
        return new Response(null, { status: 200 });
      }
      if (request.method === 'GET' && path === '/') return new Response('Ollama is running');
      return notFound();
    },
  };

  return Object.assign(startFakeServer(flavor, options), { loaded, deleted }) as FakeOllama;
}

export { ollamaModelName };
