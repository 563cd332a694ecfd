/**
 * Joining a connection's base URL and a kind's models path.
 *
 * Convention (matches provider_kinds in the schema): the base URL is the server's origin plus any
 * prefix the provider needs, without the API version, e.g. https://api.openai.com,
 * https://api.groq.com, http://localhost:11434; the kind's path carries the rest (/v1/models,
 * /openai/v1/models, /api/tags).
 *
 * People paste the base URLs providers document, which usually include the version
 * (https://api.openai.com/v1, https://api.groq.com/openai/v1, http://localhost:8000/v1), and the
 * legacy browser config stored them that way. So the join overlaps the end of the base path with
 * the start of the models path instead of doubling it: .../v1 + /v1/models -> .../v1/models, and
 * .../openai/v1 + /openai/v1/models -> .../openai/v1/models. A reverse proxy prefix that happens
 * to equal the path's first segment (base http://host/api for Ollama's /api/tags) would be
 * swallowed; give such a connection an explicit models path instead.
 */

function segments(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

export function joinModelsUrl(baseUrl: string, modelsPath: string, query: Record<string, string> = {}): URL {
  const base = new URL(baseUrl);
  const [pathPart = '', pathQuery = ''] = modelsPath.split('?', 2);
  const baseSegments = segments(base.pathname);
  const pathSegments = segments(pathPart);

  let overlap = 0;
  for (let k = Math.min(baseSegments.length, pathSegments.length); k > 0; k--) {
    const tail = baseSegments.slice(baseSegments.length - k);
    if (tail.every((s, i) => s === pathSegments[i])) {
      overlap = k;
      break;
    }
  }
  const joined = [...baseSegments, ...pathSegments.slice(overlap)];
  const trailingSlash = pathPart.endsWith('/') && joined.length > 0;
  const url = new URL(base.origin);
  url.pathname = `/${joined.join('/')}${trailingSlash ? '/' : ''}`;
  // Keep query parameters from both (some gateways put a key or tenant in the base URL's query).
  const params = new URLSearchParams(base.search);
  for (const [k, v] of new URLSearchParams(pathQuery)) params.set(k, v);
  for (const [k, v] of Object.entries(query)) params.set(k, v);
  url.search = params.toString();
  return url;
}
