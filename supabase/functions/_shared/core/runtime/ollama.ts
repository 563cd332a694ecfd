/**
 * Ollama's model management: `GET /api/tags` (installed), `GET /api/ps` (loaded: size_vram,
 * expires_at), `POST /api/generate` without a prompt to load (with keep_alive) and with
 * keep_alive 0 to unload, `DELETE /api/delete` to remove. Errors come as `{ "error": "..." }`.
 */
import { asPositiveInteger, asRecord, asString } from '../providers/parse.ts';
import { type RuntimeRequest, serverMessage } from './request.ts';
import { type LoadOptions, type RuntimeModel, RuntimeError, type RuntimeServer } from './types.ts';

// Loading reads gigabytes from disk into memory: minutes on a slow machine, not seconds.
const LOAD_TIMEOUT_MS = 120_000;
const ACTION_TIMEOUT_MS = 30_000;

function modelsOf(json: unknown): Record<string, unknown>[] {
  const list = asRecord(json)?.models;
  if (!Array.isArray(list)) throw new RuntimeError('bad_response', 'The server answered, but not with an Ollama model list. Check that this connection points at Ollama.');
  return list.map(asRecord).filter((entry): entry is Record<string, unknown> => entry !== undefined);
}

export function ollamaRuntime(request: RuntimeRequest): RuntimeServer {
  const failure = (modelId: string, action: string, response: { status: number; json: unknown; body: string }) => {
    const said = serverMessage(response) ?? `HTTP ${response.status}`;
    if (response.status === 404) return new RuntimeError('not_found', `Ollama does not have ${modelId} (${said}). Refresh the list: it may have been removed.`, 404);
    if (response.status === 400) return new RuntimeError('bad_request', `Ollama refused to ${action} ${modelId}: ${said}.`, 400);
    return new RuntimeError(action === 'load' ? 'load_failed' : 'http_error', `Ollama could not ${action} ${modelId}: ${said}.`, response.status);
  };

  return {
    async list() {
      const [tags, ps] = await Promise.all([request('GET', '/api/tags'), request('GET', '/api/ps')]);
      const running = new Map(modelsOf(ps.json).map((entry) => [asString(entry.name) ?? asString(entry.model) ?? '', entry]));
      return modelsOf(tags.json).flatMap((entry): RuntimeModel[] => {
        const name = asString(entry.name) ?? asString(entry.model);
        if (!name) return [];
        const details = asRecord(entry.details);
        const loaded = running.get(name);
        return [{
          modelId: name,
          sizeBytes: asPositiveInteger(entry.size),
          family: asString(details?.family),
          parameterSize: asString(details?.parameter_size),
          quantization: asString(details?.quantization_level),
          loaded: loaded !== undefined,
          memoryBytes: loaded ? asPositiveInteger(loaded.size_vram) ?? asPositiveInteger(loaded.size) : undefined,
          expiresAt: loaded ? asString(loaded.expires_at) : undefined,
        }];
      });
    },

    async load(modelId: string, options: LoadOptions) {
      const body: Record<string, unknown> = { model: modelId, keep_alive: options.keepAlive ?? '5m' };
      if (options.contextLength) body.options = { num_ctx: options.contextLength };
      const response = await request('POST', '/api/generate', { body, timeoutMs: LOAD_TIMEOUT_MS, acceptStatuses: [400, 404, 500] });
      if (response.status !== 200) throw failure(modelId, 'load', response);
    },

    async unload(modelId: string) {
      const response = await request('POST', '/api/generate', { body: { model: modelId, keep_alive: 0 }, timeoutMs: ACTION_TIMEOUT_MS, acceptStatuses: [400, 404, 500] });
      if (response.status !== 200) throw failure(modelId, 'unload', response);
    },

    async remove(modelId: string) {
      const response = await request('DELETE', '/api/delete', { body: { model: modelId }, timeoutMs: ACTION_TIMEOUT_MS, acceptStatuses: [400, 404, 500] });
      if (response.status !== 200) throw failure(modelId, 'delete', response);
    },
  };
}
