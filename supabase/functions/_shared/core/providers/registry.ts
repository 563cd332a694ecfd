/** Discovery adapters by id (provider_kinds.discovery_adapter, plus gemini and custom). */
import { anthropicAdapter } from './adapters/anthropic.ts';
import { customAdapter } from './adapters/custom.ts';
import { geminiAdapter } from './adapters/gemini.ts';
import { lmStudioAdapter } from './adapters/lmstudio.ts';
import { ollamaAdapter } from './adapters/ollama.ts';
import { openAiAdapter } from './adapters/openai.ts';
import { openRouterAdapter } from './adapters/openrouter.ts';
import { togetherAdapter } from './adapters/together.ts';
import { ADAPTER_IDS, type AdapterId, type DiscoveryAdapter } from './types.ts';

const ADAPTERS: Record<AdapterId, DiscoveryAdapter> = {
  openai: openAiAdapter,
  anthropic: anthropicAdapter,
  openrouter: openRouterAdapter,
  together: togetherAdapter,
  gemini: geminiAdapter,
  ollama: ollamaAdapter,
  lmstudio: lmStudioAdapter,
  custom: customAdapter,
};

export function isAdapterId(value: unknown): value is AdapterId {
  return typeof value === 'string' && (ADAPTER_IDS as readonly string[]).includes(value);
}

export function adapterFor(id: AdapterId): DiscoveryAdapter {
  return ADAPTERS[id];
}
