/**
 * Failures before any answer arrived (or while reading it), as the functions' safeFetch reports
 * them, in the provider error vocabulary of core/providers/errors.ts, which also words the answers
 * a server gave (HTTP statuses, bodies that are not a model list).
 */
import { hostOf, type ErrorContext, type ProviderError } from '../core/providers/errors.ts';
import { SafeFetchError } from '../net/safe-fetch.ts';

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
