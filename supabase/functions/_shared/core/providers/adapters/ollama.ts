/**
 * Ollama: `GET {base}/api/tags` (no auth) -> `{ models: [{ name, model, modified_at, size, digest,
 * details: { parent_model, format, family, families, parameter_size, quantization_level } }] }`.
 * `name` ("llama3.2:latest") is what requests use, so it is the model id. `families` may be null.
 * The list has no context length; that needs one /api/show per model, which discovery skips.
 */
import {
  asPositiveInteger,
  asRecord,
  asString,
  asStringArray,
  capabilitySet,
  compactDetails,
  listField,
  readEntries,
} from '../parse.ts';
import { type Capability, type DiscoveryAdapter, ShapeError } from '../types.ts';

/** Ollama's own capability words (as /api/show reports them, and newer /api/tags may). */
const OLLAMA_CAPABILITIES: Record<string, Capability> = {
  completion: 'chat',
  vision: 'vision',
  tools: 'tools',
  thinking: 'reasoning',
  embedding: 'embedding',
  insert: 'completion',
};

function inferCapabilities(name: string, family: string | undefined, families: string[]): Capability[] {
  const all = [family ?? '', ...families].map((f) => f.toLowerCase());
  if (all.some((f) => f.includes('bert')) || /embed/i.test(name)) return ['embedding'];
  // Multimodal models carry a vision projector family: clip (llava), mllama (llama3.2-vision).
  return capabilitySet(['chat', all.some((f) => f === 'clip' || f === 'mllama') && 'vision']);
}

export const ollamaAdapter: DiscoveryAdapter = {
  id: 'ollama',
  parse(body) {
    // A fresh Ollama with nothing pulled answers {"models":[]}; some versions answered {}.
    const list = listField(asRecord(body), 'models');
    if (!list) throw new ShapeError('Expected an Ollama model list: an object with a "models" array');
    return readEntries(list, (entry) => {
      const name = asString(entry.name) ?? asString(entry.model);
      if (!name) return null;
      const details = asRecord(entry.details);
      const family = asString(details?.family);
      const families = asStringArray(details?.families);
      const declared = asStringArray(entry.capabilities)
        .map((c) => OLLAMA_CAPABILITIES[c])
        .filter((c): c is Capability => c !== undefined);
      return {
        modelId: name,
        displayName: name,
        capabilities: declared.length ? capabilitySet(declared) : inferCapabilities(name, family, families),
        sizeBytes: asPositiveInteger(entry.size),
        family,
        parameterSize: asString(details?.parameter_size),
        quantization: asString(details?.quantization_level),
        details: compactDetails({
          digest: asString(entry.digest),
          modifiedAt: asString(entry.modified_at),
          format: asString(details?.format),
        }),
      };
    });
  },
};
