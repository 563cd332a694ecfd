/**
 * LM Studio REST API v0: `GET {base}/api/v0/models` -> `{ object: "list", data: [{ id, object,
 * type: "llm" | "vlm" | "embeddings", publisher, arch, compatibility_type, quantization,
 * state: "loaded" | "not-loaded", max_context_length }] }`. Unlike its OpenAI-compatible
 * /v1/models, this lists downloaded models too, with their loaded state. Newer versions add
 * `capabilities` (e.g. ["tool_use"]), read when present.
 */
import { asPositiveInteger, asRecord, asString, asStringArray, capabilitySet, finalizeModels } from '../parse.ts';
import { type DiscoveryAdapter, type NormalizedModel, ShapeError } from '../types.ts';

export const lmStudioAdapter: DiscoveryAdapter = {
  id: 'lmstudio',
  parse(body) {
    const list = asRecord(body)?.data;
    if (!Array.isArray(list)) throw new ShapeError('Expected an LM Studio model list: an object with a "data" array');
    const models: NormalizedModel[] = [];
    let skipped = 0;
    for (const raw of list) {
      const entry = asRecord(raw);
      const id = asString(entry?.id);
      if (!entry || !id) {
        skipped++;
        continue;
      }
      const type = asString(entry.type);
      const declared = asStringArray(entry.capabilities);
      const model: NormalizedModel = {
        modelId: id,
        displayName: id,
        contextLength: asPositiveInteger(entry.max_context_length),
        capabilities: type === 'embeddings' ? ['embedding'] : capabilitySet([
          'chat',
          type === 'vlm' && 'vision',
          declared.includes('tool_use') && 'tools',
        ]),
        family: asString(entry.arch),
        quantization: asString(entry.quantization),
        loaded: entry.state === 'loaded',
      };
      const details: Record<string, string> = {};
      const publisher = asString(entry.publisher);
      if (publisher) details.publisher = publisher;
      const format = asString(entry.compatibility_type);
      if (format) details.format = format;
      if (Object.keys(details).length) model.details = details;
      models.push(model);
    }
    const final = finalizeModels(models);
    return { models: final.models, skipped: skipped + final.skipped };
  },
};
