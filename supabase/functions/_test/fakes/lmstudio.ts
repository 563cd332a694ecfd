/**
 * Fake LM Studio (0.4+): the native REST API's model management, `GET /api/v1/models` (downloaded
 * models with their loaded instances), `POST /api/v1/models/load` and `POST /api/v1/models/unload`,
 * and the v0 list discovery reads (`GET /api/v0/models`, with `state`). Errors come as
 * `{ "error": { "message", "type" } }`. Loading takes `loadDelayMs` and fails for the model named by
 * `failLoad` ("*": every model) the way LM Studio does when a model does not fit in memory.
 */
import { NO_ORIGIN } from './cors.ts';
import { type FakeFlavor, type FakeServer, type FakeServerOptions, readJsonObject, startFakeServer } from './fake-server.ts';

interface LmModel {
  key: string;
  publisher: string;
  display_name: string;
  architecture: string;
  quantization: string;
  bits: number;
  size_bytes: number;
  params_string: string;
  max_context_length: number;
  type: 'llm' | 'embedding';
}

const SEED: LmModel[] = [
  { key: 'qwen/qwen3-4b-2507', publisher: 'qwen', display_name: 'Qwen3 4B 2507', architecture: 'qwen3', quantization: 'Q4_K_M', bits: 4, size_bytes: 2_497_280_000, params_string: '4B', max_context_length: 262_144, type: 'llm' },
  { key: 'google/gemma-3-12b', publisher: 'google', display_name: 'Gemma 3 12B', architecture: 'gemma3', quantization: 'Q4_K_M', bits: 4, size_bytes: 8_149_190_000, params_string: '12B', max_context_length: 131_072, type: 'llm' },
  { key: 'mistralai/mistral-small-3.2', publisher: 'mistralai', display_name: 'Mistral Small 3.2', architecture: 'mistral', quantization: 'Q4_K_M', bits: 4, size_bytes: 14_330_000_000, params_string: '24B', max_context_length: 131_072, type: 'llm' },
  { key: 'text-embedding-nomic-embed-text-v1.5', publisher: 'nomic-ai', display_name: 'Nomic Embed Text v1.5', architecture: 'nomic-bert', quantization: 'Q8_0', bits: 8, size_bytes: 146_000_000, params_string: '137M', max_context_length: 2_048, type: 'embedding' },
];

export function lmStudioModel(index: number): LmModel {
  if (index < SEED.length) return SEED[index];
  const n = String(index).padStart(4, '0');
  return { key: `fake/model-${n}`, publisher: 'fake', display_name: `Fake Model ${n}`, architecture: 'llama', quantization: 'Q4_K_M', bits: 4, size_bytes: 4_000_000_000 + index, params_string: '7B', max_context_length: 8_192, type: 'llm' };
}

function lmError(status: number, message: string, type = 'invalid_request_error'): Response {
  return Response.json({ error: { message, type } }, { status });
}

export interface FakeLmStudio extends FakeServer {
  /** Model keys with a loaded instance, and the context length each was loaded with. */
  readonly loaded: ReadonlyMap<string, number>;
}

export function startFakeLmStudio(options: FakeServerOptions = {}): FakeLmStudio {
  const loaded = new Map<string, number>();
  const models = (count: number) => Array.from({ length: count }, (_, i) => lmStudioModel(i));

  const flavor: FakeFlavor = {
    name: 'lmstudio',
    defaults: { mode: 'ok', delayMs: 1_500, modelCount: 4, apiKey: null, hugeBytes: 64 * 1024 * 1024, hops: 2, retryAfterSeconds: 7, loadDelayMs: 0, failLoad: null, tokenDelayMs: 20, streamFailAfter: null, corsOrigins: NO_ORIGIN },
    isApiPath: (path) => path.startsWith('/api/') || path.startsWith('/v1/'),
    onReset: () => loaded.clear(),
    errorBody(status) {
      if (status === 401) return lmError(401, 'Invalid or missing API token.', 'authentication_error');
      if (status === 404) return lmError(404, 'Unexpected endpoint or method.');
      if (status === 429) return lmError(429, 'Too many requests.');
      return lmError(status, 'Internal server error.', 'server_error');
    },
    hugeParts: () => ({ head: '{"models":[', unit: `${JSON.stringify({ key: 'x', type: 'llm', loaded_instances: [] })},`, tail: '{"key":"y","type":"llm","loaded_instances":[]}]}' }),
    malformedBody: () => '{"models":[{"key":"qwen/qwen3-4b-2507","type":"llm","loaded_',
    async route(ctx) {
      const { request, path, state } = ctx;
      const all = models(state.modelCount);
      if (request.method === 'GET' && path === '/api/v1/models') {
        return Response.json({
          models: all.map((m) => ({
            type: m.type,
            publisher: m.publisher,
            key: m.key,
            display_name: m.display_name,
            architecture: m.type === 'llm' ? m.architecture : undefined,
            quantization: { name: m.quantization, bits_per_weight: m.bits },
            size_bytes: m.size_bytes,
            params_string: m.params_string,
            loaded_instances: loaded.has(m.key) ? [{ id: m.key, config: { context_length: loaded.get(m.key) } }] : [],
            max_context_length: m.max_context_length,
            format: 'gguf',
          })),
        });
      }
      if (request.method === 'GET' && path === '/api/v0/models') {
        return Response.json({
          object: 'list',
          data: all.map((m) => ({
            id: m.key,
            object: 'model',
            type: m.type === 'embedding' ? 'embeddings' : 'llm',
            publisher: m.publisher,
            arch: m.architecture,
            compatibility_type: 'gguf',
            quantization: m.quantization,
            state: loaded.has(m.key) ? 'loaded' : 'not-loaded',
            max_context_length: m.max_context_length,
          })),
        });
      }
      if (request.method === 'POST' && path === '/api/v1/models/load') {
        const body = await readJsonObject(request);
        if (!body || typeof body.model !== 'string') return lmError(400, "Missing required field 'model'.");
        const model = all.find((m) => m.key === body.model);
        if (!model) return lmError(404, `Model '${body.model}' not found.`, 'model_not_found');
        if (body.context_length !== undefined && (typeof body.context_length !== 'number' || body.context_length < 1)) {
          return lmError(400, "'context_length' must be a positive number.");
        }
        if (state.loadDelayMs > 0) await ctx.sleep(state.loadDelayMs);
        if (state.failLoad === '*' || state.failLoad === model.key) {
          return lmError(500, `Failed to load model "${model.key}". Error: Model loading was stopped due to insufficient system resources.`, 'server_error');
        }
        const contextLength = typeof body.context_length === 'number' ? body.context_length : Math.min(4_096, model.max_context_length);
        loaded.set(model.key, contextLength);
        return Response.json({ type: model.type, instance_id: model.key, load_time_seconds: state.loadDelayMs / 1000, status: 'loaded' });
      }
      if (request.method === 'POST' && path === '/api/v1/models/unload') {
        const body = await readJsonObject(request);
        if (!body || typeof body.instance_id !== 'string') return lmError(400, "Missing required field 'instance_id'.");
        if (!loaded.delete(body.instance_id)) return lmError(404, `No loaded model instance with id '${body.instance_id}'.`, 'model_not_found');
        return Response.json({ instance_id: body.instance_id });
      }
      return lmError(404, 'Unexpected endpoint or method.');
    },
  };

  return Object.assign(startFakeServer(flavor, options), { loaded }) as FakeLmStudio;
}
