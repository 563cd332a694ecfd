/**
 * SSRF guard: decides whether the server may send a request to a user-supplied URL.
 *
 * Rules (product spec, section 2): http and https only, no credentials in the URL; resolve the
 * host and check EVERY address it resolves to; cloud metadata is refused always; loopback,
 * private, link-local, CGNAT, unique-local... only when the deployment allows private endpoints
 * (SWITCHBOARD_ALLOW_PRIVATE_ENDPOINTS=true, which the local stack sets).
 */
import { formatIp, judgeAddress, parseIp } from '../core/ip.ts';
import { isMetadataHostName } from '../core/metadata.ts';

export { isMetadataHostName };

export type BlockReason = 'metadata' | 'private' | 'reserved' | 'scheme' | 'credentials' | 'invalid';

/** Why a URL was refused before any connection was attempted. */
export class BlockedUrlError extends Error {
  constructor(
    readonly reason: BlockReason,
    readonly host: string,
    /** The offending address when the refusal came from an address check. */
    readonly address?: string,
    message?: string,
  ) {
    super(message ?? `Refused ${host}${address ? ` (${address})` : ''}: ${reason}`);
    this.name = 'BlockedUrlError';
  }
}

/** The host name did not resolve to any address. */
export class DnsLookupError extends Error {
  constructor(readonly host: string, options?: { cause?: unknown }) {
    super(`The host name ${host} could not be resolved`, options);
    this.name = 'DnsLookupError';
  }
}

/** Resolves a host name to every address it has (IPv4 and IPv6). Throws DnsLookupError when it has none. */
export type Resolver = (hostname: string, signal?: AbortSignal) => Promise<string[]>;

/** RFC 6761: localhost and *.localhost always mean this machine, whatever DNS says. */
export function isLocalhostName(host: string): boolean {
  const name = host.toLowerCase().replace(/\.+$/, '');
  return name === 'localhost' || name.endsWith('.localhost');
}

/**
 * Parses and checks the parts of a URL that need no network: scheme, credentials, host syntax.
 * Throws BlockedUrlError; returns the parsed URL.
 */
export function validateUrl(input: string | URL): URL {
  let url: URL;
  try {
    url = input instanceof URL ? new URL(input.href) : new URL(input);
  } catch {
    throw new BlockedUrlError('invalid', String(input), undefined, `"${String(input)}" is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new BlockedUrlError(
      'scheme',
      url.host,
      undefined,
      `Only http and https URLs are allowed, not ${url.protocol}`,
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw new BlockedUrlError('credentials', url.host, undefined, 'URLs must not contain a user name or password');
  }
  if (url.hostname === '') throw new BlockedUrlError('invalid', url.href, undefined, 'The URL has no host');
  return url;
}

export interface HostCheckOptions {
  allowPrivate: boolean;
  resolver: Resolver;
  signal?: AbortSignal;
}

export interface HostCheckResult {
  /** Every address the host resolved to (or the literal), all of which passed the checks. */
  addresses: string[];
  /** True when the URL named an IP address directly (no DNS involved). */
  literal: boolean;
}

/**
 * Checks the host of an already validated URL: literal addresses directly, names by resolving them
 * and judging every answer (one private answer among public ones is enough to refuse, since the
 * connection may use any of them).
 */
export async function checkHost(url: URL, options: HostCheckOptions): Promise<HostCheckResult> {
  const host = url.hostname;
  const bare = host.replace(/^\[|\]$/g, '');

  if (isMetadataHostName(bare)) {
    throw new BlockedUrlError('metadata', host, undefined, `${host} is a cloud metadata service`);
  }

  const literal = parseIp(host);
  if (literal) {
    judgeOrThrow(host, formatIp(literal), options.allowPrivate);
    return { addresses: [formatIp(literal)], literal: true };
  }

  if (isLocalhostName(bare) && !options.allowPrivate) {
    throw new BlockedUrlError('private', host, 'loopback', `${host} is this server itself`);
  }

  const answers = await options.resolver(bare.replace(/\.+$/, ''), options.signal);
  if (answers.length === 0) throw new DnsLookupError(bare);
  const addresses: string[] = [];
  for (const answer of answers) {
    const ip = parseIp(answer);
    // A resolver answer that is not an address is a resolver bug; refuse rather than guess.
    if (!ip) {
      throw new BlockedUrlError('invalid', host, answer, `${host} resolved to "${answer}", which is not an address`);
    }
    const text = formatIp(ip);
    judgeOrThrow(host, text, options.allowPrivate);
    if (!addresses.includes(text)) addresses.push(text);
  }
  return { addresses, literal: false };
}

function judgeOrThrow(host: string, address: string, allowPrivate: boolean): void {
  const verdict = judgeAddress(parseIp(address)!, allowPrivate);
  if (verdict.allowed) return;
  const messages = {
    metadata: `${host} is a cloud metadata address (${address})`,
    private: `${host} is a private or local address (${address}, ${verdict.category})`,
    reserved: `${host} is a ${verdict.category} address (${address}) that cannot host an API`,
  };
  throw new BlockedUrlError(verdict.reason, host, address, messages[verdict.reason]);
}

/** validateUrl + checkHost in one call. */
export async function checkUrl(
  input: string | URL,
  options: HostCheckOptions,
): Promise<{ url: URL } & HostCheckResult> {
  const url = validateUrl(input);
  return { url, ...(await checkHost(url, options)) };
}

/**
 * SWITCHBOARD_ALLOW_PRIVATE_ENDPOINTS, the one reading of it every function uses: on for 1, true,
 * yes or on (any case); anything else, unset included, keeps private endpoints off, as a hosted
 * deployment should be.
 */
export function allowPrivateEndpoints(env: (name: string) => string | undefined): boolean {
  return /^(1|true|yes|on)$/i.test(env('SWITCHBOARD_ALLOW_PRIVATE_ENDPOINTS')?.trim() ?? '');
}

// ---------------------------------------------------------------------------------------------
// Resolvers
// ---------------------------------------------------------------------------------------------

function abortable<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

const NOT_FOUND_CODES = new Set(['ENOTFOUND', 'EAI_NONAME', 'EAI_NODATA', 'EAI_AGAIN', 'ENODATA', 'EAI_FAIL']);

/**
 * The default resolver: getaddrinfo through node:dns, i.e. the same resolution the connection uses
 * (it honours /etc/hosts, so "localhost" and LAN names agree between the check and the connect).
 * getaddrinfo cannot be cancelled; on abort we stop waiting and let it finish in the background.
 */
export const systemResolver: Resolver = async (hostname, signal) => {
  const dns = await import('node:dns/promises');
  try {
    const answers = await abortable(dns.lookup(hostname, { all: true, verbatim: true }), signal);
    return answers.map((a) => a.address);
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    const code = (error as { code?: string }).code;
    if (code && NOT_FOUND_CODES.has(code)) throw new DnsLookupError(hostname, { cause: error });
    throw error;
  }
};

/**
 * A resolver that asks DNS directly (A and AAAA) with Deno.resolveDns. It ignores /etc/hosts, so
 * prefer systemResolver; this one exists for runtimes without node:dns.
 */
export const denoDnsResolver: Resolver = async (hostname, signal) => {
  if (isLocalhostName(hostname)) return ['127.0.0.1', '::1'];
  const results = await Promise.allSettled([
    Deno.resolveDns(hostname, 'A', { signal }),
    Deno.resolveDns(hostname, 'AAAA', { signal }),
  ]);
  if (signal?.aborted) throw signal.reason;
  const addresses = results.flatMap((r) => (r.status === 'fulfilled' ? r.value : []));
  if (addresses.length === 0) {
    const failure = results.find((r) => r.status === 'rejected') as PromiseRejectedResult | undefined;
    if (failure && !(failure.reason instanceof Deno.errors.NotFound)) throw failure.reason;
    throw new DnsLookupError(hostname, { cause: failure?.reason });
  }
  return addresses;
};
