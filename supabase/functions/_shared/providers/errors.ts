/**
 * Turns network and HTTP failures into `{ code, message }`: a code from the health_checks
 * vocabulary (so the UI can explain the fix) and a sentence a person understands that says what
 * to do. Provider error bodies are quoted briefly when they help, with the key redacted.
 */
import { toStorableText } from '../core/text.ts';
import { SafeFetchError } from '../net/safe-fetch.ts';
import { ShapeError } from './types.ts';

/** health_checks.error_code values. */
export type ProviderErrorCode =
  | 'dns_failure'
  | 'connection_refused'
  | 'timeout'
  | 'tls_error'
  | 'invalid_key'
  | 'rate_limited'
  | 'cors_blocked'
  | 'bad_response'
  | 'http_error'
  | 'blocked_address'
  | 'network_error'
  | 'unknown';

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

function hostOf(url: string | undefined): string {
  if (!url) return 'The server';
  try {
    return new URL(url).host;
  } catch {
    return 'The server';
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

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`; // 4999.98 ms reads "5 s", 2500 ms "2.5 s"
}

function megabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
}

/** A failure before any HTTP status arrived (or while reading the body). */
export function describeFetchError(error: unknown, context: ErrorContext = {}): ProviderError {
  if (!(error instanceof SafeFetchError)) {
    return {
      code: 'unknown',
      message: 'The request failed for an unexpected reason. Try again, and report it if it keeps happening.',
    };
  }
  const d = error.details;
  const host = d.host ?? hostOf(d.url ?? context.url);
  const hostname = host.replace(/:\d+$/, '');
  switch (error.code) {
    case 'dns_failure':
      return {
        code: 'dns_failure',
        message: `The host name "${hostname}" could not be found. Check the base URL for typos; ` +
          'a name that only exists on your own network cannot be reached from here.',
      };
    case 'connection_refused':
      return {
        code: 'connection_refused',
        message: `Nothing answered at ${host}: the connection was refused. ` +
          'Check that the server is running and listening on that address and port.',
      };
    case 'timeout':
      return {
        code: 'timeout',
        message: `${host} did not answer within ${seconds(d.timeoutMs ?? 0)}. ` +
          'The server may be down, overloaded or unreachable from here; try again or check the base URL.',
      };
    case 'tls_error':
      return {
        code: 'tls_error',
        message: `A secure (HTTPS) connection to ${host} failed${d.reason ? ` (${d.reason})` : ''}. ` +
          'If the server only speaks plain HTTP, use http:// in the base URL; otherwise check its certificate.',
      };
    case 'network_error':
      return {
        code: 'network_error',
        message: `The connection to ${host} failed${
          d.reason ? ` (${d.reason})` : ''
        }. Check the base URL and try again.`,
      };
    case 'blocked_address':
      return {
        code: 'blocked_address',
        message: d.redirectedFrom
          ? redirectRefusedMessage(d.redirectedFrom, host, d.address, d.blockReason, d.url)
          : blockedMessage(host, d.address, d.blockReason, d.url),
      };
    case 'too_many_redirects':
      return {
        code: 'http_error',
        message: `${host} redirected more than ${d.maxRedirects ?? 3} times. Use the final address as the base URL.`,
      };
    case 'redirect_loop':
      return {
        code: 'http_error',
        message: `${host} redirects in a loop. Check the base URL (http or https, and the path).`,
      };
    case 'too_large':
      return {
        code: 'bad_response',
        message: `The answer from ${host} was larger than ${megabytes(d.maxBytes ?? 0)} and was cut off. ` +
          'Check that the base URL points at the API.',
      };
    case 'aborted':
      return { code: 'unknown', message: 'The request was cancelled before it finished.' };
  }
}

function schemeOf(url: string | undefined): string | undefined {
  const match = url ? /^([a-z][a-z0-9+.-]*):/i.exec(url.trim()) : null;
  return match ? `${match[1].toLowerCase()}:` : undefined;
}

/** The base URL itself is refused: nothing was sent. */
function blockedMessage(host: string, address: string | undefined, reason: string | undefined, url?: string): string {
  switch (reason) {
    case 'metadata':
      return `${host} is a cloud metadata service${
        address ? ` (${address})` : ''
      }, which Switchboard never contacts. ` +
        "Use your AI server's address instead.";
    case 'private':
      return `${host} is a private or local address${address && address !== 'loopback' ? ` (${address})` : ''}, ` +
        'and this deployment does not make server-side requests to private addresses. ' +
        'Set the connection to probe from the browser, or ask the administrator to allow private endpoints.';
    case 'reserved':
      return `${host} is a reserved address${
        address ? ` (${address})` : ''
      } that cannot host an API. Check the base URL.`;
    case 'scheme': {
      const scheme = schemeOf(url);
      return `${scheme ? `The base URL starts with ${scheme}, but o` : 'O'}nly http:// and https:// base URLs are supported.`;
    }
    case 'credentials':
      return 'The base URL contains a user name or password. Remove them and save the API key in the key field instead.';
    default:
      return 'The base URL is not a valid URL. Check it.';
  }
}

/**
 * The base URL was fine and its server answered, with a redirect Switchboard will not follow:
 * the message names the server that redirected, since that is the one the user configured.
 */
function redirectRefusedMessage(
  from: string,
  host: string,
  address: string | undefined,
  reason: string | undefined,
  url: string | undefined,
): string {
  const fix = 'Use a base URL that does not redirect there, or change the server\'s redirect.';
  switch (reason) {
    case 'scheme':
      return `${from} redirected to a ${schemeOf(url) ?? 'non-HTTP'} URL, a forbidden scheme: Switchboard only follows ` +
        `redirects to http:// and https:// addresses. ${fix}`;
    case 'metadata':
      return `${from} redirected to ${host}, a cloud metadata service${address ? ` (${address})` : ''}, which ` +
        `Switchboard never contacts. ${fix}`;
    case 'private':
      return `${from} redirected to ${host}, a private or local address${
        address && address !== 'loopback' ? ` (${address})` : ''
      }, and this deployment does not make server-side requests to private addresses. ${fix}`;
    case 'reserved':
      return `${from} redirected to ${host}, a reserved address${address ? ` (${address})` : ''} that cannot host an API. ${fix}`;
    case 'credentials':
      return `${from} redirected to an address with a user name or password in it, which Switchboard does not follow. ${fix}`;
    default:
      return `${from} redirected to an invalid URL. ${fix}`;
  }
}

export interface HttpResult {
  status: number;
  headers: Headers;
  body: string;
  url: string;
}

/** A non-2xx answer. */
export function describeHttpStatus(response: HttpResult, context: ErrorContext & { keySent: boolean }): ProviderError {
  const host = hostOf(response.url);
  const status = response.status;
  const quoted = providerMessage(response.body, response.headers.get('content-type'), context.apiKey);
  const detail = quoted ? `: ${quoted}` : '';
  if (status === 401 || status === 403) {
    return {
      code: 'invalid_key',
      httpStatus: status,
      message: context.keySent
        ? `The API key was rejected (HTTP ${status}${detail}). Check that it is correct, still active and meant for ` +
          'this provider, then save it again.'
        : `${host} needs an API key (HTTP ${status}${detail}). Add your key to this connection.`,
    };
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

/** A 2xx answer whose body could not be used as a model list. */
export function describeBadBody(response: HttpResult, cause: unknown): ProviderError {
  const host = hostOf(response.url);
  const contentType = response.headers.get('content-type') ?? '';
  if (cause instanceof ShapeError) {
    return {
      code: 'bad_response',
      message: `${host} answered with JSON, but not a model list this connection kind understands. ` +
        "Check that the connection's kind matches the server.",
    };
  }
  if (/html/i.test(contentType) || /^\s*</.test(response.body)) {
    return {
      code: 'bad_response',
      message: `${host} answered with a web page instead of JSON. The base URL probably points at a website or ` +
        'the wrong port; check it.',
    };
  }
  if (/json/i.test(contentType)) {
    return {
      code: 'bad_response',
      message: `${host} sent JSON that could not be read (it may have been cut off). Try again; if it keeps ` +
        'happening, the server is not answering correctly.',
    };
  }
  return {
    code: 'bad_response',
    message: `${host} answered, but not with JSON${contentType ? ` (${contentType.split(';')[0]})` : ''}. ` +
      'Check that the base URL points at the API.',
  };
}
