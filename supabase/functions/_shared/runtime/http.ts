/**
 * Requests to a self-hosted server's native API through the SSRF guard, with the connection's key
 * in its auth scheme. Failures become RuntimeError with a sentence (providers/errors.ts).
 */
import { safeFetch, type SafeFetchOptions } from '../net/safe-fetch.ts';
import { describeFetchError, describeHttpStatus, providerMessage } from '../providers/errors.ts';
import { authorizedRequest } from '../providers/discover.ts';
import type { ConnectionTarget } from '../providers/types.ts';
import { joinModelsUrl } from '../providers/url.ts';
import { RuntimeError } from './types.ts';

export type FetchOptions = Pick<SafeFetchOptions, 'allowPrivate' | 'resolver' | 'fetch' | 'signal'>;

export interface RuntimeResponse {
  status: number;
  json: unknown;
  body: string;
}

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

export function runtimeRequest(target: ConnectionTarget, fetchOptions: FetchOptions): RuntimeRequest {
  const base = nativeBase(target.baseUrl);
  return async (method, path, options = {}) => {
    const { headers, query, sensitiveHeaders } = authorizedRequest(target);
    const url = joinModelsUrl(base, path, query);
    if (options.body !== undefined) headers.set('content-type', 'application/json');
    let response;
    try {
      response = await safeFetch(url, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) }, {
        ...fetchOptions,
        timeoutMs: options.timeoutMs ?? 10_000,
        sensitiveHeaders,
      });
    } catch (error) {
      const described = describeFetchError(error, { url: url.href, apiKey: target.apiKey });
      throw new RuntimeError(described.code, described.message);
    }
    let json: unknown = null;
    try {
      json = response.body ? JSON.parse(response.body) : null;
    } catch {
      json = null;
    }
    const ok = response.status >= 200 && response.status < 300;
    if (!ok && !(options.acceptStatuses ?? []).includes(response.status)) {
      throw new RuntimeError('http_error', describeHttpStatus({ ...response, url: response.url }, { apiKey: target.apiKey, keySent: Boolean(target.apiKey) }).message, response.status);
    }
    return { status: response.status, json, body: response.body };
  };
}

/** The server's own words from an error body ("model requires more system memory…"), if any. */
export function serverMessage(response: RuntimeResponse): string | undefined {
  return providerMessage(response.body, 'application/json');
}
