/**
 * Together AI: `GET https://api.together.xyz/v1/models` answers a BARE ARRAY (not `{ data }`) of
 * `{ id, object, created, type, running, display_name, organization, link, license,
 * context_length, config, pricing: { hourly, input, output, base, finetune } }`, prices in USD per
 * million tokens. `type` is chat, language, code, image, embedding, moderation, rerank, audio or
 * transcribe. The OpenAI entry parser already reads all of these; this adapter only insists on
 * the array (and still accepts `{ data }` should Together ever wrap it).
 */
import type { DiscoveryAdapter } from '../types.ts';
import { parseOpenAiList } from './openai.ts';

export const togetherAdapter: DiscoveryAdapter = {
  id: 'together',
  parse: (body) => parseOpenAiList(body, { allowBareArray: true }),
};
