import type { ProviderKind } from '../types/connections';

type KindHint = Pick<ProviderKind, 'id' | 'category' | 'default_base_url'>;

function hostOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return null;
  }
}

/**
 * Which kind a bare base URL most likely is, for imports that only have a URL: a cloud provider's own
 * host (read from provider_kinds, so a new provider needs no code), then the well-known local ports
 * (Ollama 11434, LM Studio 1234), else a generic OpenAI-compatible server.
 */
export function guessKind(baseUrl: string, kinds: readonly KindHint[]): string {
  let url: URL;
  try {
    url = new URL(baseUrl.trim());
  } catch {
    return 'openai_compatible';
  }
  const host = url.hostname.toLowerCase();
  const known = new Set(kinds.map((k) => k.id));
  const cloud = kinds.find((k) => k.category === 'cloud' && hostOf(k.default_base_url) === host);
  if (cloud) return cloud.id;
  const port = url.port;
  if (port === '11434' && known.has('ollama')) return 'ollama';
  if (port === '1234' && known.has('lmstudio')) return 'lmstudio';
  return 'openai_compatible';
}
