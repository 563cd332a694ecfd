/**
 * The provider error vocabulary and the sentences for answers a server gave: a code from the
 * health_checks vocabulary (so the UI can explain the fix) and a sentence a person understands
 * that says what to do. Provider error bodies are quoted briefly when they help, with the key
 * redacted. Failures before any answer (DNS, refused, TLS, the SSRF guard) depend on the runtime's
 * fetch and are described next to it (the functions' providers/errors.ts, the browser's probe).
 */
import { toStorableText } from '../text.ts';
import { ShapeError } from './types.ts';

/**
 * health_checks.error_code values (connections.health_error_code copies the latest): the check
 * constraint health_checks_error_code_known accepts exactly these, which
 * tests/integration/app/health-error-codes.test.ts verifies.
 */
export const PROVIDER_ERROR_CODES = [
  'dns_failure',
  'connection_refused',
  'timeout',
  'tls_error',
  'invalid_key',
  'rate_limited',
  'cors_blocked',
  'bad_response',
  'http_error',
  'blocked_address',
  'network_error',
  'unknown',
] as const;
export type ProviderErrorCode = typeof PROVIDER_ERROR_CODES[number];

export function isProviderErrorCode(value: unknown): value is ProviderErrorCode {
  return typeof value === 'string' && (PROVIDER_ERROR_CODES as readonly string[]).includes(value);
}

export interface ProviderError {
  code: ProviderErrorCode;
  message: string;
  httpStatus?: number;
  retryAfterSeconds?: number;
}

/**
 * Codes that mean Switchboard refused the request itself (nothing was sent, or a redirect was not
 * followed): the URL the caller stored is at fault, so the answer is a 4xx they can act on.
 */
const REFUSED_CODES: ReadonlySet<string> = new Set<ProviderErrorCode>(['blocked_address']);

/**
 * The status a function answers for a failed request to a connection's server. 502 means the
 * upstream was contacted and failed (refused the connection, timed out, answered an error or
 * nonsense); a refusal by the SSRF policy is 422, whether of the base URL itself or of a redirect
 * it answered with: the same configured URL leads to the same forbidden place on every retry, and
 * only changing the URL (or the server's redirect) fixes it, which is what a 4xx tells a caller.
 */
export function statusForProviderError(code: string): 422 | 502 {
  return REFUSED_CODES.has(code) ? 422 : 502;
}

export interface ErrorContext {
  /** The URL requested (for host names in messages). */
  url?: string;
  /** The key that was sent, to redact it from anything quoted. */
  apiKey?: string | null;
  /** Clock for Retry-After dates (ms since epoch). */
  nowMs?: number;
}

/** The host of a URL for a sentence ("api.example.com:8443"), or `fallback` when it has none. */
export function hostOf(url: string | undefined, fallback = 'The server'): string {
  if (!url) return fallback;
  try {
    return new URL(url).host;
  } catch {
    return fallback;
  }
}

function redact(text: string, secret: string | null | undefined): string {
  if (!secret || secret.length < 4) return text;
  return text.split(secret).join('[redacted]');
}

/** The human part of a provider's error body, if it has one (at most 200 characters, one line). */
export function providerMessage(body: string, contentType: string | null, apiKey?: string | null): string | undefined {
  let message: string | undefined;
  try {
    const json = JSON.parse(body) as Record<string, unknown>;
    const error = json?.error;
    if (typeof error === 'string') message = error; // Ollama: {"error": "..."}
    else if (error && typeof error === 'object' && typeof (error as { message?: unknown }).message === 'string') {
      message = (error as { message: string }).message; // OpenAI, Anthropic, Gemini, Groq, Mistral
    } else if (typeof json?.message === 'string') message = json.message;
    else if (typeof json?.detail === 'string') message = json.detail; // FastAPI servers (vLLM)
  } catch {
    // Plain-text errors are worth quoting; HTML pages are not.
    if (contentType?.includes('text/plain') && body.trim()) message = body;
  }
  if (!message) return undefined;
  // Quoted messages end up in health_checks, models.runtime_error and generations.error: storable
  // before spaces are tidied, and again after the cut, which may fall inside a surrogate pair.
  const line = toStorableText(redact(message, apiKey)).replace(/\s+/g, ' ').trim();
  return toStorableText(line.length > 200 ? `${line.slice(0, 197)}...` : line) || undefined;
}

/** Retry-After as seconds: either a number of seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, nowMs: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Math.min(Number(text), 86_400);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.min(Math.max(0, Math.ceil((date - nowMs) / 1000)), 86_400);
}

const ERROR_BODY_LIMIT = 64 * 1024;

/** The start of an error answer's body (enough to quote the provider's words), then the stream is closed. */
export async function errorBodyText(stream: ReadableStream<Uint8Array>): Promise<string> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (text.length < ERROR_BODY_LIMIT) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    // What arrived is enough to quote.
  } finally {
    await reader.cancel().catch(() => {});
  }
  return text;
}

export interface HttpResult {
  status: number;
  headers: Headers;
  body: string;
  url: string;
}

export interface HttpErrorContext extends ErrorContext {
  keySent: boolean;
  /**
   * The request came from the user's browser, which never holds a stored key: a key the server
   * wants can only be sent by the Edge Functions, so that is the advice.
   */
  fromBrowser?: boolean;
}

/** A non-2xx answer. */
export function describeHttpStatus(response: HttpResult, context: HttpErrorContext): ProviderError {
  const host = hostOf(response.url);
  const status = response.status;
  const quoted = providerMessage(response.body, response.headers.get('content-type'), context.apiKey);
  const detail = quoted ? `: ${quoted}` : '';
  if (status === 401 || status === 403) {
    let message = `${host} needs an API key (HTTP ${status}${detail}). Add your key to this connection.`;
    if (context.keySent) {
      message = `The API key was rejected (HTTP ${status}${detail}). Check that it is correct, still active and meant for ` +
        'this provider, then save it again.';
    } else if (context.fromBrowser) {
      message = `${host} wants an API key (HTTP ${status}${detail}). Browser checks never see your stored key, so set ` +
        'this connection to be checked from the server instead.';
    }
    return { code: 'invalid_key', httpStatus: status, message };
  }
  if (status === 404) {
    let path = '';
    try {
      path = new URL(response.url).pathname;
    } catch { /* keep empty */ }
    return {
      code: 'http_error',
      httpStatus: status,
      message: `${host} has nothing at ${path || 'that path'} (HTTP 404). Check the base URL; for OpenAI-compatible ` +
        'servers it usually ends in /v1 (for example http://localhost:8000/v1).',
    };
  }
  if (status === 429) {
    const retryAfterSeconds = parseRetryAfter(response.headers.get('retry-after'), context.nowMs);
    const when = retryAfterSeconds !== undefined
      ? `Try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}.`
      : 'Wait a minute and try again.';
    return {
      code: 'rate_limited',
      httpStatus: status,
      retryAfterSeconds,
      message: `${host} is limiting how often it may be called (HTTP 429${detail}). ${when}`,
    };
  }
  if (status >= 500) {
    return {
      code: 'http_error',
      httpStatus: status,
      message: `${host} had a problem answering (HTTP ${status}${detail}). This is usually temporary; try again later.`,
    };
  }
  return {
    code: 'http_error',
    httpStatus: status,
    message: `${host} refused the request (HTTP ${status}${detail}). Check the connection's settings.`,
  };
}

/**
 * A 2xx answer whose body could not be used as a model list. `kindLabel` ("Ollama") names what
 * list was expected, when the caller knows it.
 */
export function describeBadBody(response: HttpResult, cause: unknown, kindLabel?: string): ProviderError {
  const host = hostOf(response.url);
  const contentType = response.headers.get('content-type') ?? '';
  if (cause instanceof ShapeError) {
    const expected = kindLabel ? `a ${kindLabel} model list` : 'a model list this connection kind understands';
    return {
      code: 'bad_response',
      message: `${host} answered with JSON, but not ${expected}. Check that the connection's kind matches the server.`,
    };
  }
  if (/html/i.test(contentType) || /^\s*</.test(response.body)) {
    return {
      code: 'bad_response',
      message: `${host} answered with a web page instead of JSON. The base URL probably points at a website or ` +
        'the wrong port; check it.',
    };
  }
  // Declared as JSON, or shaped like it whatever the header says: most likely cut off on the way.
  if (/json/i.test(contentType) || /^\s*[[{]/.test(response.body)) {
    return {
      code: 'bad_response',
      message: `${host} sent an answer that could not be read: it is not valid JSON (it may have been cut off). ` +
        'Try again; if it keeps happening, the server is not answering correctly.',
    };
  }
  return {
    code: 'bad_response',
    message: `${host} answered, but not with JSON${contentType ? ` (${contentType.split(';')[0]})` : ''}. ` +
      'Check that the base URL points at the API.',
  };
}
