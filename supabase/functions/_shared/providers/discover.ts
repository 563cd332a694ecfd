/**
 * Model discovery for one connection: builds the authenticated list request, fetches it through
 * safeFetch (SSRF guard, timeout, size cap), follows pagination, parses with the kind's adapter
 * and maps every failure to a ProviderError.
 */
import { safeFetch, SafeFetchError, type SafeFetchOptions, type SafeResponse } from '../net/safe-fetch.ts';
import { describeBadBody, describeHttpStatus, type ProviderError } from '../core/providers/errors.ts';
import { describeFetchError } from './errors.ts';
import { adapterFor } from '../core/providers/registry.ts';
import type { ConnectionTarget, NormalizedModel } from '../core/providers/types.ts';
import { joinModelsUrl } from '../core/providers/url.ts';

export interface DiscoverOptions extends Omit<SafeFetchOptions, 'timeoutMs' | 'now'> {
  /** One deadline for every page together. Default 10 s. */
  timeoutMs?: number;
  /** Pages followed at most (Anthropic, Gemini). Default 10, i.e. 10,000 models at 1,000 a page. */
  maxPages?: number;
  now?: () => number;
}

interface DiscoveryBase {
  /** The first page's URL, with a key sent as a query parameter masked. */
  url: string;
  latencyMs: number;
}

export type DiscoveryResult =
  | DiscoveryBase & {
    ok: true;
    models: NormalizedModel[];
    /** Entries that were not usable model objects. */
    skipped: number;
    pages: number;
    /**
     * The list may be incomplete (entries skipped, a later page failed, or more pages than
     * maxPages): callers must not mark models missing from it as unavailable.
     */
    partial: boolean;
    /** Why a later page failed, when it did. */
    pageError?: ProviderError;
  }
  | DiscoveryBase & { ok: false; error: ProviderError };

export interface ModelsRequest {
  url: URL;
  headers: Headers;
  /** Header names that carry the key (dropped on cross-origin redirects). */
  sensitiveHeaders: string[];
}

/**
 * Headers (and query parameters) for any request to a connection: the kind's default headers and
 * the key in the kind's auth scheme. `sensitiveHeaders` name the headers that carry the key.
 */
export function authorizedRequest(target: ConnectionTarget, query: Record<string, string> = {}): { headers: Headers; query: Record<string, string>; sensitiveHeaders: string[] } {
  const headers = new Headers({ accept: 'application/json', 'user-agent': 'Switchboard' });
  for (const [name, value] of Object.entries(target.defaultHeaders ?? {})) headers.set(name, value);
  const sensitiveHeaders: string[] = [];
  const key = target.apiKey?.trim();
  if (key) {
    if (target.authScheme === 'bearer') {
      headers.set('authorization', `Bearer ${key}`);
    } else if (target.authScheme === 'header' && target.authName) {
      headers.set(target.authName, key);
      sensitiveHeaders.push(target.authName);
    } else if (target.authScheme === 'query' && target.authName) {
      query[target.authName] = key;
    }
  }
  return { headers, query, sensitiveHeaders };
}

/** The HTTP request for one page of a connection's model list. */
export function buildModelsRequest(target: ConnectionTarget, cursor?: string): ModelsRequest {
  const adapter = adapterFor(target.adapter);
  const { headers, query, sensitiveHeaders } = authorizedRequest(target, { ...(adapter.pageQuery?.(cursor) ?? {}) });
  return { url: joinModelsUrl(target.baseUrl, target.modelsPath, query), headers, sensitiveHeaders };
}

function displayUrl(target: ConnectionTarget, url: URL): string {
  if (target.authScheme !== 'query' || !target.authName || !url.searchParams.has(target.authName)) return url.href;
  const copy = new URL(url.href);
  copy.searchParams.set(target.authName, '***');
  return copy.href;
}

export async function discoverModels(
  target: ConnectionTarget,
  options: DiscoverOptions = {},
): Promise<DiscoveryResult> {
  const now = options.now ?? (() => performance.now());
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxPages = options.maxPages ?? 10;
  const started = now();
  const adapter = adapterFor(target.adapter);
  const keySent = Boolean(target.apiKey?.trim());
  const context = { apiKey: target.apiKey };

  const models: NormalizedModel[] = [];
  const seen = new Set<string>();
  let skipped = 0;
  let cursor: string | undefined;
  let firstUrl = '';

  for (let page = 0; page < maxPages; page++) {
    const request = buildModelsRequest(target, cursor);
    if (page === 0) firstUrl = displayUrl(target, request.url);
    const elapsed = () => Math.max(0, Math.round(now() - started));
    const remaining = timeoutMs - (now() - started);

    const failure = (error: ProviderError): DiscoveryResult =>
      page === 0 ? { ok: false, error, url: firstUrl, latencyMs: elapsed() } : {
        ok: true,
        models,
        skipped,
        pages: page,
        partial: true,
        pageError: error,
        url: firstUrl,
        latencyMs: elapsed(),
      };

    if (remaining <= 0) {
      const timeout = new SafeFetchError('timeout', 'deadline passed between pages', {
        url: request.url.href,
        host: request.url.host,
        timeoutMs,
      });
      return failure(describeFetchError(timeout, context));
    }

    let response: SafeResponse;
    try {
      response = await safeFetch(request.url, { method: 'GET', headers: request.headers }, {
        ...options,
        timeoutMs: remaining,
        sensitiveHeaders: [...(options.sensitiveHeaders ?? []), ...request.sensitiveHeaders],
      });
    } catch (error) {
      return failure(describeFetchError(error, { ...context, url: request.url.href }));
    }

    if (response.status < 200 || response.status > 299) {
      return failure(describeHttpStatus(response, { ...context, keySent }));
    }

    let parsed;
    try {
      parsed = adapter.parse(JSON.parse(response.body));
    } catch (error) {
      return failure(describeBadBody(response, error));
    }
    for (const model of parsed.models) {
      if (seen.has(model.modelId)) continue;
      seen.add(model.modelId);
      models.push(model);
    }
    skipped += parsed.skipped;

    // A cursor that does not move would page forever.
    if (!parsed.nextCursor || parsed.nextCursor === cursor) {
      return { ok: true, models, skipped, pages: page + 1, partial: skipped > 0, url: firstUrl, latencyMs: elapsed() };
    }
    cursor = parsed.nextCursor;
  }
  return {
    ok: true,
    models,
    skipped,
    pages: maxPages,
    partial: true,
    url: firstUrl,
    latencyMs: Math.max(0, Math.round(now() - started)),
  };
}
