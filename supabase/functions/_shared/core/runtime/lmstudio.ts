/**
 * LM Studio's model management (native REST API v1, LM Studio 0.4+): `GET /api/v1/models`
 * (downloaded models with their loaded instances), `POST /api/v1/models/load {model,
 * context_length}`, `POST /api/v1/models/unload {instance_id}`. There is no API to delete a
 * model. Errors come as `{ "error": { "message" } }`.
 */
import { asPositiveInteger, asRecord, asString } from '../providers/parse.ts';
import { type RuntimeRequest, type RuntimeResponse, serverMessage } from './request.ts';
import { type LoadOptions, type RuntimeModel, RuntimeError, type RuntimeServer } from './types.ts';

const LOAD_TIMEOUT_MS = 120_000;
const ACTION_TIMEOUT_MS = 30_000;

const TOO_OLD = 'This LM Studio does not have the API that loads and unloads models (it came with LM Studio 0.4). Update LM Studio, or load models in its app.';

interface Entry {
  key: string;
  raw: Record<string, unknown>;
  instances: Record<string, unknown>[];
}

export function lmStudioRuntime(request: RuntimeRequest): RuntimeServer {
  const entries = async (): Promise<Entry[]> => {
    const response = await request('GET', '/api/v1/models', { acceptStatuses: [404] });
    if (response.status === 404) throw new RuntimeError('unsupported', TOO_OLD, 404);
    const list = asRecord(response.json)?.models;
    if (!Array.isArray(list)) throw new RuntimeError('bad_response', 'The server answered, but not with an LM Studio model list. Check that this connection points at LM Studio.');
    return list.flatMap((item): Entry[] => {
      const raw = asRecord(item);
      const key = asString(raw?.key);
      if (!raw || !key) return [];
      const instances = Array.isArray(raw.loaded_instances) ? raw.loaded_instances.map(asRecord).filter((i): i is Record<string, unknown> => i !== undefined) : [];
      return [{ key, raw, instances }];
    });
  };

  const failure = (modelId: string, action: string, response: RuntimeResponse) => {
    const said = serverMessage(response) ?? `HTTP ${response.status}`;
    if (response.status === 404) return new RuntimeError('not_found', `LM Studio does not have ${modelId} (${said}). Refresh the list: it may have been removed.`, 404);
    if (response.status === 400) return new RuntimeError('bad_request', `LM Studio refused to ${action} ${modelId}: ${said}`, 400);
    return new RuntimeError(action === 'load' ? 'load_failed' : 'http_error', `LM Studio could not ${action} ${modelId}: ${said}`, response.status);
  };

  return {
    async list() {
      return (await entries()).map(({ key, raw, instances }): RuntimeModel => {
        const first = instances[0];
        return {
          modelId: key,
          sizeBytes: asPositiveInteger(raw.size_bytes),
          family: asString(raw.architecture),
          parameterSize: asString(raw.params_string),
          quantization: asString(asRecord(raw.quantization)?.name),
          loaded: instances.length > 0,
          loadedContextLength: first ? asPositiveInteger(asRecord(first.config)?.context_length) : undefined,
        };
      });
    },

    async load(modelId: string, options: LoadOptions) {
      const body: Record<string, unknown> = { model: modelId };
      if (options.contextLength) body.context_length = options.contextLength;
      const response = await request('POST', '/api/v1/models/load', { body, timeoutMs: LOAD_TIMEOUT_MS, acceptStatuses: [400, 404, 500] });
      if (response.status === 404 && !serverMessage(response)) throw new RuntimeError('unsupported', TOO_OLD, 404);
      if (response.status !== 200) throw failure(modelId, 'load', response);
    },

    async unload(modelId: string) {
      const entry = (await entries()).find((e) => e.key === modelId);
      // Unloading what is not loaded is done already: the wanted state holds.
      for (const instance of entry?.instances ?? []) {
        const id = asString(instance.id);
        if (!id) continue;
        const response = await request('POST', '/api/v1/models/unload', { body: { instance_id: id }, timeoutMs: ACTION_TIMEOUT_MS, acceptStatuses: [400, 404, 500] });
        if (response.status !== 200 && response.status !== 404) throw failure(modelId, 'unload', response);
      }
    },

    remove(modelId: string) {
      return Promise.reject(new RuntimeError('unsupported', `LM Studio has no API for deleting models. Delete ${modelId} in LM Studio, under My Models.`));
    },
  };
}
