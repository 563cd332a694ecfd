/**
 * How the runtime protocols (ollama.ts, lmstudio.ts) reach a server: through a RuntimeRequest the
 * caller supplies, so the same protocol code runs in the runtime function (through the SSRF guard,
 * with the key) and in the browser (plain fetch, for servers only the browser can reach).
 */
import { providerMessage } from '../providers/errors.ts';

export interface RuntimeResponse {
  status: number;
  json: unknown;
  body: string;
}

/**
 * One request to the server's native API. A status outside 2xx and `acceptStatuses` is thrown as a
 * RuntimeError; the accepted ones are answered for the protocol to read.
 */
export type RuntimeRequest = (
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  options?: { body?: unknown; timeoutMs?: number; acceptStatuses?: number[] },
) => Promise<RuntimeResponse>;

/**
 * The server's root for native API paths: people paste OpenAI-style base URLs ("…:1234/v1"), and
 * the native APIs live beside /v1, not under it.
 */
export function nativeBase(baseUrl: string): string {
  const url = new URL(baseUrl);
  url.pathname = url.pathname.replace(/\/(v1|api\/v0|api\/v1|api)\/?$/, '/');
  return url.href;
}

/** A body as JSON, or null when it is empty or not JSON (the status then speaks for itself). */
export function jsonOrNull(body: string): unknown {
  try {
    return body ? JSON.parse(body) : null;
  } catch {
    return null;
  }
}

/** The server's own words from an error body ("model requires more system memory…"), if any. */
export function serverMessage(response: RuntimeResponse): string | undefined {
  return providerMessage(response.body, 'application/json');
}
