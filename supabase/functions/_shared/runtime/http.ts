/**
 * The runtime function's RuntimeRequest (core/runtime/request.ts): requests to a self-hosted
 * server's native API through the SSRF guard, with the connection's key in its auth scheme.
 * Failures become RuntimeError with a sentence (providers/errors.ts).
 */
import { describeHttpStatus } from '../core/providers/errors.ts';
import type { ConnectionTarget } from '../core/providers/types.ts';
import { joinModelsUrl } from '../core/providers/url.ts';
import { jsonOrNull, nativeBase, type RuntimeRequest } from '../core/runtime/request.ts';
import { RuntimeError } from '../core/runtime/types.ts';
import { safeFetch, type SafeFetchOptions } from '../net/safe-fetch.ts';
import { authorizedRequest } from '../providers/discover.ts';
import { describeFetchError } from '../providers/errors.ts';

export type FetchOptions = Pick<SafeFetchOptions, 'allowPrivate' | 'resolver' | 'fetch' | 'signal'>;

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
    const ok = response.status >= 200 && response.status < 300;
    if (!ok && !(options.acceptStatuses ?? []).includes(response.status)) {
      throw new RuntimeError('http_error', describeHttpStatus({ ...response, url: response.url }, { apiKey: target.apiKey, keySent: Boolean(target.apiKey) }).message, response.status);
    }
    return { status: response.status, json: jsonOrNull(response.body), body: response.body };
  };
}
