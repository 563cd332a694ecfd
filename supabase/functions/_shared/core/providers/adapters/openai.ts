/**
 * OpenAI-compatible model lists: `GET {base}/v1/models` -> `{ object: "list", data: [{ id, object,
 * created, owned_by }] }`. Used by OpenAI, Groq, Mistral, Requesty, vLLM, llama.cpp server and any
 * compatible server. Plain OpenAI entries carry no context length or capabilities; several
 * compatible servers add them under their own names, which are read when present:
 *   Mistral   max_context_length, capabilities { completion_chat, completion_fim, function_calling, vision }
 *   Groq      context_window
 *   vLLM      max_model_len
 *   llama.cpp meta.n_ctx_train
 *   Together  context_length, type, pricing { input, output } (USD per million tokens)
 */
import {
  asPositiveInteger,
  asPrice,
  asRecord,
  asString,
  capabilitiesFromId,
  capabilitySet,
  compactDetails,
  type Json,
  pricing,
  readEntries,
} from '../parse.ts';
import { type Capability, type DiscoveryAdapter, type NormalizedModel, type ParsedPage, ShapeError } from '../types.ts';

/** Together's model `type` values. */
const TYPE_CAPABILITIES: Record<string, Capability[]> = {
  chat: ['chat'],
  language: ['completion'],
  code: ['completion'],
  image: ['image'],
  embedding: ['embedding'],
  audio: ['audio'],
  transcribe: ['audio'],
  moderation: [],
  rerank: [],
};

function capabilitiesOf(entry: Json, id: string): Capability[] {
  const mistral = asRecord(entry.capabilities);
  if (mistral) {
    return capabilitySet([
      mistral.completion_chat === true && 'chat',
      mistral.completion_fim === true && 'completion',
      mistral.function_calling === true && 'tools',
      mistral.vision === true && 'vision',
      // Mistral lists embedding models with every flag false; the id says what they are.
      ...(Object.values(mistral).every((v) => v !== true) ? capabilitiesFromId(id) : []),
    ]);
  }
  const type = asString(entry.type);
  // Own keys only: a type named "constructor" is not a capability list.
  const known = type !== undefined && Object.hasOwn(TYPE_CAPABILITIES, type) ? TYPE_CAPABILITIES[type] : undefined;
  return known ?? capabilitiesFromId(id);
}

export function parseOpenAiEntry(entry: Json): NormalizedModel | null {
  const id = asString(entry.id);
  if (!id) return null;
  const meta = asRecord(entry.meta);
  const price = asRecord(entry.pricing);
  return {
    modelId: id,
    displayName: asString(entry.display_name) ?? id,
    contextLength: asPositiveInteger(entry.context_length) ??
      asPositiveInteger(entry.context_window) ??
      asPositiveInteger(entry.max_context_length) ??
      asPositiveInteger(entry.max_model_len) ??
      asPositiveInteger(meta?.n_ctx_train),
    capabilities: capabilitiesOf(entry, id),
    pricing: price ? pricing(asPrice(price.input), asPrice(price.output)) : undefined,
    details: compactDetails({
      ownedBy: asString(entry.owned_by) ?? asString(entry.organization),
      created: asPositiveInteger(entry.created),
      description: asString(entry.description),
    }),
  };
}

/** Parses `{ data: [...] }`, or a bare array when `allowBareArray` (Together answers one). */
export function parseOpenAiList(body: unknown, options: { allowBareArray: boolean }): ParsedPage {
  const list = Array.isArray(body) && options.allowBareArray ? body : asRecord(body)?.data;
  if (!Array.isArray(list)) {
    throw new ShapeError('Expected an OpenAI-style model list: an object with a "data" array');
  }
  return readEntries(list, parseOpenAiEntry);
}

export const openAiAdapter: DiscoveryAdapter = {
  id: 'openai',
  // Compatible servers disagree on the envelope; a bare array is unambiguous enough to accept.
  parse: (body) => parseOpenAiList(body, { allowBareArray: true }),
};
