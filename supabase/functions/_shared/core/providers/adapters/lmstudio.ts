/**
 * LM Studio REST API v0: `GET {base}/api/v0/models` -> `{ object: "list", data: [{ id, object,
 * type: "llm" | "vlm" | "embeddings", publisher, arch, compatibility_type, quantization,
 * state: "loaded" | "not-loaded", max_context_length }] }`. Unlike its OpenAI-compatible
 * /v1/models, this lists downloaded models too, with their loaded state. Newer versions add
 * `capabilities` (e.g. ["tool_use"]), read when present.
 */
import { asPositiveInteger, asRecord, asString, asStringArray, capabilitySet, compactDetails, readEntries } from '../parse.ts';
import { type DiscoveryAdapter, ShapeError } from '../types.ts';

export const lmStudioAdapter: DiscoveryAdapter = {
  id: 'lmstudio',
  parse(body) {
    const list = asRecord(body)?.data;
    if (!Array.isArray(list)) throw new ShapeError('Expected an LM Studio model list: an object with a "data" array');
    return readEntries(list, (entry) => {
      const id = asString(entry.id);
      if (!id) return null;
      const type = asString(entry.type);
      const declared = asStringArray(entry.capabilities);
      return {
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
        details: compactDetails({ publisher: asString(entry.publisher), format: asString(entry.compatibility_type) }),
      };
    });
  },
};
