/**
 * Browser checks for connections that probe from the browser (servers on the user's own machine or
 * network, which a hosted backend cannot reach): fetch the model list directly, time it, and turn the
 * outcome into a health result with a sentence that explains any failure, CORS included.
 */
import { failedStatus, HEALTH_DEFAULTS, listedStatus } from '@core/health.ts';
import { describeBadBody, describeHttpStatus, errorBodyText, hostOf, type ProviderErrorCode } from '@core/providers/errors.ts';
import { isAdapterId } from '@core/providers/registry.ts';
import { parseModelRows } from '@core/providers/sync-rows.ts';
import type { AdapterId } from '@core/providers/types.ts';
import { joinModelsUrl } from '@core/providers/url.ts';
import type { HealthStatus, SyncModel } from '../types/connections';
import { formatLatency } from './format';

/** The same wait as the Edge Functions' health checks. */
export const PROBE_TIMEOUT_MS = HEALTH_DEFAULTS.timeoutMs;
/** Model lists are small; anything bigger is not one (and must not freeze the tab). */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

export interface ProbeTarget {
  kind: string;
  kindLabel: string;
  adapter: AdapterId;
  baseUrl: string;
  modelsPath: string;
}

/**
 * The model-list parser for a kind: its discovery adapter, as the Edge Functions pick it. A kind
 * without a models path is read as a custom endpoint (any common list shape); an adapter this app
 * does not know as OpenAI-style.
 */
export function browserAdapterFor(kind: { id: string; discovery_adapter: string; models_path: string | null }): AdapterId {
  if (kind.id === 'custom' || kind.models_path === null) return 'custom';
  return isAdapterId(kind.discovery_adapter) ? kind.discovery_adapter : 'openai';
}

export interface ProbeOutcome {
  status: HealthStatus;
  latencyMs: number | null;
  error: string | null;
  errorCode: ProviderErrorCode | null;
  /** The models the server listed (null when the check failed). */
  models: SyncModel[] | null;
  /** True when the list had entries that were not models (it is then recorded as degraded). */
  partial: boolean;
}

/** How to let this app's origin through, for the kinds whose fix is known. */
export function corsAdvice(kind: string, origin: string): string {
  if (kind === 'ollama') {
    return `Ollama only answers web pages it trusts: set OLLAMA_ORIGINS=${origin} and restart Ollama (set it where Ollama runs, for example in its service's environment).`;
  }
  if (kind === 'lmstudio') {
    return 'In LM Studio, open the Developer tab, enable CORS in the server settings, and restart the server.';
  }
  return `Allow requests from ${origin} in the server's CORS settings (the Access-Control-Allow-Origin header), then check again.`;
}

interface Failure {
  status: HealthStatus;
  code: ProviderErrorCode;
  message: string;
  latencyMs: number | null;
}

/** Reads a body with a size cap, so a runaway answer cannot exhaust the tab's memory. */
async function readCapped(response: Response, maxBytes: number): Promise<string | null> {
  if (!response.body) return await response.text();
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let size = 0;
  let text = '';
  while (true) {
    const { value, done } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      return null;
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

export interface ProbeOptions {
  /** Cancels the probe (e.g. "Check all" ran out of time); reported as not checked. */
  signal?: AbortSignal;
  timeoutMs?: number;
  /** The app's origin, for CORS advice. */
  origin: string;
  /** Whether this page is served over https (plain-http LAN servers are then mixed content). */
  secureContext?: boolean;
  fetchImpl?: typeof fetch;
  now?: () => number;
}

function isAbort(error: unknown): boolean {
  return error instanceof DOMException && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

/** Fetches the model list from the browser and judges the connection's health. Never throws. */
export async function probeFromBrowser(target: ProbeTarget, options: ProbeOptions): Promise<ProbeOutcome> {
  const fetchImpl = options.fetchImpl ?? fetch.bind(globalThis);
  const now = options.now ?? (() => performance.now());
  const timeoutMs = options.timeoutMs ?? PROBE_TIMEOUT_MS;
  let url: string;
  try {
    url = joinModelsUrl(target.baseUrl, target.modelsPath).href;
  } catch {
    return fail({ status: 'unhealthy', code: 'unknown', latencyMs: null, message: 'The base URL is not a valid address. Edit the connection and fix it.' });
  }
  const host = hostOf(url, 'the server');
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(new DOMException('Timed out', 'TimeoutError')), timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout.signal]) : timeout.signal;
  const started = now();
  try {
    let response: Response;
    try {
      response = await fetchImpl(url, { method: 'GET', headers: { Accept: 'application/json' }, signal, credentials: 'omit', cache: 'no-store', redirect: 'follow' });
    } catch (error) {
      if (options.signal?.aborted) return notChecked();
      if (timeout.signal.aborted || isAbort(error)) {
        return fail({ status: 'unhealthy', code: 'timeout', latencyMs: null, message: `${host} did not answer within ${formatLatency(timeoutMs)}. Check that the server is running and not overloaded.` });
      }
      return fail(await explainNetworkFailure(url, target, options, fetchImpl));
    }
    const latencyMs = Math.max(0, Math.round(now() - started));
    if (!response.ok) {
      // The start of the body is enough to quote the server's own words.
      const body = response.body ? await errorBodyText(response.body) : '';
      const described = describeHttpStatus({ status: response.status, headers: response.headers, body, url }, { keySent: false, fromBrowser: true });
      return fail({ status: failedStatus(described.code), code: described.code, latencyMs, message: described.message });
    }
    const text = await readCapped(response, MAX_BODY_BYTES);
    const totalMs = Math.max(0, Math.round(now() - started));
    if (text === null) {
      return fail({ status: 'unhealthy', code: 'bad_response', latencyMs: totalMs, message: `The answer from ${host} was larger than 16 MB, so it is not a model list. Check that the base URL points at the API.` });
    }
    const answer = { status: response.status, headers: response.headers, body: text, url };
    let parsed;
    try {
      parsed = parseModelRows(target.adapter, JSON.parse(text));
    } catch (error) {
      const described = describeBadBody(answer, error, target.kindLabel);
      return fail({ status: 'unhealthy', code: described.code, latencyMs: totalMs, message: described.message });
    }
    const partial = parsed.skipped > 0;
    return {
      status: listedStatus(totalMs, partial),
      latencyMs: totalMs,
      error: partial ? `${parsed.skipped} entr${parsed.skipped === 1 ? 'y' : 'ies'} in the model list could not be read.` : null,
      errorCode: partial ? 'bad_response' : null,
      models: parsed.models,
      partial,
    };
  } catch (error) {
    if (options.signal?.aborted) return notChecked();
    return fail({ status: 'unknown', code: 'unknown', latencyMs: null, message: `The check failed unexpectedly: ${error instanceof Error ? error.message : String(error)}` });
  } finally {
    clearTimeout(timer);
  }
}

function fail(failure: Failure): ProbeOutcome {
  return { status: failure.status, latencyMs: failure.latencyMs, error: failure.message, errorCode: failure.code, models: null, partial: false };
}

/** Checks cut short by their caller (the run's deadline): not a verdict on the server. */
export function notChecked(): ProbeOutcome {
  return {
    status: 'unknown',
    latencyMs: null,
    error: 'Not checked: the run reached its time limit before this connection answered. Check it on its own.',
    errorCode: 'timeout',
    models: null,
    partial: false,
  };
}

/**
 * fetch() says only "TypeError" for a refused connection, a DNS failure, mixed content and a CORS
 * refusal alike. An opaque (no-cors) request tells them apart: it succeeds when the server answered
 * but withheld permission to read the answer, which is exactly CORS.
 */
async function explainNetworkFailure(url: string, target: ProbeTarget, options: ProbeOptions, fetchImpl: typeof fetch): Promise<Failure> {
  const host = hostOf(url, 'the server');
  if (options.secureContext && url.startsWith('http://') && !/^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(host)) {
    return {
      status: 'unhealthy',
      code: 'network_error',
      latencyMs: null,
      message: `This page is served over https, so the browser refuses plain http:// addresses like ${host}. Serve the server over https, or set this connection to be checked from the server.`,
    };
  }
  let reachable = false;
  try {
    await fetchImpl(url, { method: 'GET', mode: 'no-cors', credentials: 'omit', cache: 'no-store', signal: AbortSignal.timeout(2_000) });
    reachable = true;
  } catch {
    reachable = false;
  }
  if (reachable) {
    return { status: 'unhealthy', code: 'cors_blocked', latencyMs: null, message: `${host} answered, but the browser blocked this app from reading it (CORS). ${corsAdvice(target.kind, options.origin)}` };
  }
  return {
    status: 'unhealthy',
    code: 'network_error',
    latencyMs: null,
    message: `The browser could not reach ${host}. Check that the server is running at that address and reachable from this computer. If it is, it may be refusing this app: ${corsAdvice(target.kind, options.origin)}`,
  };
}
