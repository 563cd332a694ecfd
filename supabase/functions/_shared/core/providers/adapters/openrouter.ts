/**
 * OpenRouter: `GET https://openrouter.ai/api/v1/models` -> `{ data: [{ id, canonical_slug, name,
 * created, description, context_length, architecture: { modality, input_modalities,
 * output_modalities, tokenizer, instruct_type }, pricing: { prompt, completion, request, image,
 * web_search, internal_reasoning, input_cache_read, input_cache_write }, top_provider: {
 * context_length, max_completion_tokens, is_moderated }, per_request_limits,
 * supported_parameters }] }`.
 * Prices are STRINGS in USD per token ("0.0000025"); we store per million. "-1" means the price
 * depends on the routed model (openrouter/auto) and is treated as unknown.
 */
import {
  asPositiveInteger,
  asPrice,
  asRecord,
  asString,
  asStringArray,
  capabilitySet,
  compactDetails,
  pricing,
  readEntries,
} from '../parse.ts';
import { type DiscoveryAdapter, ShapeError } from '../types.ts';

const PER_MILLION = 1_000_000;

export const openRouterAdapter: DiscoveryAdapter = {
  id: 'openrouter',
  parse(body) {
    const list = asRecord(body)?.data;
    if (!Array.isArray(list)) throw new ShapeError('Expected an OpenRouter model list: an object with a "data" array');
    return readEntries(list, (entry) => {
      const id = asString(entry.id);
      if (!id) return null;
      const architecture = asRecord(entry.architecture);
      const input = asStringArray(architecture?.input_modalities);
      const output = asStringArray(architecture?.output_modalities);
      const parameters = asStringArray(entry.supported_parameters);
      const price = asRecord(entry.pricing);
      const prompt = asPrice(price?.prompt);
      const completion = asPrice(price?.completion);
      const topProvider = asRecord(entry.top_provider);
      return {
        modelId: id,
        displayName: asString(entry.name) ?? id,
        contextLength: asPositiveInteger(entry.context_length) ?? asPositiveInteger(topProvider?.context_length),
        capabilities: capabilitySet([
          (output.length === 0 || output.includes('text')) && 'chat',
          output.includes('embeddings') && 'embedding',
          input.includes('image') && 'vision',
          input.includes('audio') && 'audio',
          output.includes('image') && 'image',
          parameters.includes('tools') && 'tools',
          (parameters.includes('reasoning') || parameters.includes('include_reasoning')) && 'reasoning',
        ]),
        pricing: prompt !== undefined && completion !== undefined
          ? pricing(prompt * PER_MILLION, completion * PER_MILLION)
          : undefined,
        details: compactDetails({
          description: asString(entry.description),
          canonicalSlug: asString(entry.canonical_slug),
          maxOutputTokens: asPositiveInteger(topProvider?.max_completion_tokens),
        }),
      };
    });
  },
};
