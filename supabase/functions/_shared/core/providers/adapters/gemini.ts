/**
 * Google Gemini (native API): `GET https://generativelanguage.googleapis.com/v1beta/models` with
 * the key in `x-goog-api-key`. Paginated: `{ models: [...], nextPageToken }`, `?pageSize=` (up to
 * 1000, default 50) and `?pageToken=`. Entries: `{ name: "models/gemini-2.0-flash", baseModelId,
 * version, displayName, description, inputTokenLimit, outputTokenLimit,
 * supportedGenerationMethods: [...], temperature, maxTemperature, topP, topK, thinking }`.
 *
 * Model id: `name` is a resource name, "models/<id>"; the id used in requests and shown to people
 * is the part after "models/", so the prefix is removed (the only rewrite any adapter does, and
 * only of the resource-type prefix the API itself documents).
 *
 * The schema's gemini kind currently discovers through Google's OpenAI-compatible surface
 * (/v1beta/openai/models, openai adapter, ids as that surface gives them); this adapter is for
 * a kind or connection that uses the native list, which carries context length and capabilities.
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
import { type DiscoveryAdapter, ShapeError } from '../types.ts';

export const geminiAdapter: DiscoveryAdapter = {
  id: 'gemini',
  pageQuery(cursor) {
    const query: Record<string, string> = { pageSize: '1000' };
    if (cursor) query.pageToken = cursor;
    return query;
  },
  parse(body) {
    const page = asRecord(body);
    // An account with no models answers {} (no "models" key at all).
    const list = listField(page, 'models');
    if (!page || !list) throw new ShapeError('Expected a Gemini model list: an object with a "models" array');
    const parsed = readEntries(list, (entry) => {
      const name = asString(entry.name);
      if (!name) return null;
      const id = name.startsWith('models/') ? name.slice('models/'.length) : name;
      const methods = asStringArray(entry.supportedGenerationMethods);
      const generates = methods.includes('generateContent');
      return {
        modelId: id,
        displayName: asString(entry.displayName) ?? id,
        contextLength: asPositiveInteger(entry.inputTokenLimit),
        capabilities: capabilitySet([
          generates && 'chat',
          // Gemini models take images and function declarations on generateContent; Gemma and
          // the small "aqa" model do not.
          generates && id.startsWith('gemini') && 'vision',
          generates && id.startsWith('gemini') && 'tools',
          entry.thinking === true && 'reasoning',
          methods.some((m) => m === 'embedContent' || m === 'embedText' || m === 'batchEmbedContents') && 'embedding',
          methods.some((m) => m === 'predict' || m === 'predictLongRunning') && 'image',
          methods.includes('bidiGenerateContent') && 'audio',
        ]),
        details: compactDetails({
          version: asString(entry.version),
          description: asString(entry.description),
          maxOutputTokens: asPositiveInteger(entry.outputTokenLimit),
        }),
      };
    });
    return { ...parsed, nextCursor: asString(page.nextPageToken) };
  },
};
