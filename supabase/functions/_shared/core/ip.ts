/**
 * IP address parsing and classification for the SSRF guard.
 *
 * We parse host strings ourselves instead of trusting one canonical form: an attacker controls the
 * URL, and 127.0.0.1 can be written as 2130706433, 0177.0.0.1, 0x7f.1, 127.1, [::ffff:127.0.0.1] or
 * [::ffff:7f00:1]. WHATWG URL parsing (which fetch uses) canonicalizes most of these, but the guard
 * must not depend on every caller having gone through it, and resolver answers need the same checks.
 */

import { METADATA_IPV4_ADDRESSES, METADATA_IPV6_ADDRESSES } from './metadata-list.ts';

export type IpAddress =
  | { family: 4; value: number }
  | { family: 6; words: readonly number[] };

/**
 * What an address is. `public` is the only category a hosted deployment connects to by default.
 * See `ALWAYS_BLOCKED` / `PRIVATE_CATEGORIES` for the policy.
 */
export type AddressCategory =
  | 'public'
  | 'metadata'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'cgnat'
  | 'unspecified'
  | 'unique-local'
  | 'site-local'
  | 'multicast'
  | 'broadcast'
  | 'documentation'
  | 'reserved';

/**
 * Never connected to, whatever the deployment allows: metadata services hand out cloud
 * credentials, and the others cannot host an HTTP API (multicast, broadcast, documentation and
 * reserved ranges), so refusing them costs nothing and closes odd routing tricks.
 */
export const ALWAYS_BLOCKED: ReadonlySet<AddressCategory> = new Set<AddressCategory>([
  'metadata',
  'multicast',
  'broadcast',
  'documentation',
  'reserved',
]);

/** Reachable only when the deployment allows private endpoints (the local stack does). */
export const PRIVATE_CATEGORIES: ReadonlySet<AddressCategory> = new Set<AddressCategory>([
  'loopback',
  'private',
  'link-local',
  'cgnat',
  'unspecified',
  'unique-local',
  'site-local',
]);

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

/** One IPv4 part as the WHATWG URL parser reads it: 0x.. hex, 0.. octal, otherwise decimal. */
function parseIPv4Part(part: string): number | null {
  if (part === '') return null;
  let digits = part;
  let radix = 10;
  if (/^0[xX]/.test(part)) {
    digits = part.slice(2);
    radix = 16;
    if (digits === '') return 0; // "0x" alone is zero in the URL standard
    if (!/^[0-9a-fA-F]+$/.test(digits)) return null;
  } else if (part.length > 1 && part.startsWith('0')) {
    digits = part.slice(1);
    radix = 8;
    if (!/^[0-7]+$/.test(digits)) return null;
  } else if (!/^[0-9]+$/.test(digits)) {
    return null;
  }
  // Long digit strings would lose precision; anything above 2^32 is invalid anyway.
  if (digits.replace(/^0+/, '').length > 11) return null;
  const value = parseInt(digits, radix);
  return Number.isFinite(value) ? value : null;
}

/**
 * Parses every IPv4 spelling browsers and fetch accept: 1 to 4 parts, each decimal, octal or hex,
 * the last part filling the remaining bytes (127.1 = 127.0.0.1, 2130706433 = 127.0.0.1).
 * Returns the address as an unsigned 32-bit number, or null when the string is not IPv4.
 */
export function parseIPv4(input: string): number | null {
  let parts = input.split('.');
  if (parts.length > 1 && parts[parts.length - 1] === '') parts = parts.slice(0, -1); // trailing dot
  if (parts.length < 1 || parts.length > 4) return null;
  const numbers: number[] = [];
  for (const part of parts) {
    const n = parseIPv4Part(part);
    if (n === null) return null;
    numbers.push(n);
  }
  const last = numbers.pop()!;
  if (numbers.some((n) => n > 255)) return null;
  if (last >= 256 ** (4 - numbers.length)) return null;
  let value = last;
  numbers.forEach((n, i) => {
    value += n * 256 ** (3 - i);
  });
  return value >>> 0;
}

/** Strict dotted-quad, as allowed at the end of an IPv6 address (::ffff:127.0.0.1). */
function parseDottedQuad(input: string): number | null {
  const parts = input.split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part)) return null;
    const n = Number(part);
    if (n > 255) return null;
    value = value * 256 + n;
  }
  return value >>> 0;
}

/**
 * Parses an IPv6 address, with or without brackets, including "::" compression and an embedded
 * dotted IPv4 tail. A zone id (fe80::1%eth0) is dropped: it names an interface, not an address,
 * and the address alone decides the category.
 */
export function parseIPv6(input: string): number[] | null {
  let text = input;
  if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1);
  const zone = text.indexOf('%');
  if (zone !== -1) text = text.slice(0, zone);
  if (!text.includes(':')) return null;

  const doubleColon = text.indexOf('::');
  if (doubleColon !== -1 && text.indexOf('::', doubleColon + 1) !== -1) return null;

  const parseGroups = (segment: string, allowIPv4Tail: boolean): number[] | null => {
    if (segment === '') return [];
    const groups = segment.split(':');
    const words: number[] = [];
    for (const [i, group] of groups.entries()) {
      if (allowIPv4Tail && i === groups.length - 1 && group.includes('.')) {
        const v4 = parseDottedQuad(group);
        if (v4 === null) return null;
        words.push(v4 >>> 16, v4 & 0xffff);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return null;
        words.push(parseInt(group, 16));
      }
    }
    return words;
  };

  let words: number[];
  if (doubleColon === -1) {
    const all = parseGroups(text, true);
    if (!all || all.length !== 8) return null;
    words = all;
  } else {
    const head = parseGroups(text.slice(0, doubleColon), false);
    const tail = parseGroups(text.slice(doubleColon + 2), true);
    if (!head || !tail) return null;
    const missing = 8 - head.length - tail.length;
    if (missing < 1) return null;
    words = [...head, ...new Array<number>(missing).fill(0), ...tail];
  }
  return words;
}

/**
 * Reads a URL hostname or a resolver answer as an IP address, or returns null when it is a name.
 * Bracketed text must be IPv6; otherwise IPv4 spellings are tried before IPv6.
 */
export function parseIp(host: string): IpAddress | null {
  if (host.startsWith('[')) {
    const words = parseIPv6(host);
    return words ? { family: 6, words } : null;
  }
  if (host.includes(':')) {
    const words = parseIPv6(host);
    return words ? { family: 6, words } : null;
  }
  const value = parseIPv4(host);
  return value === null ? null : { family: 4, value };
}

export function formatIp(ip: IpAddress): string {
  if (ip.family === 4) {
    return [24, 16, 8, 0].map((shift) => (ip.value >>> shift) & 0xff).join('.');
  }
  // Compress the longest run of zero words, as RFC 5952 recommends.
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8;) {
    if (ip.words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && ip.words[j] === 0) j++;
    if (j - i > bestLength && j - i > 1) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = ip.words.map((w) => w.toString(16));
  if (bestStart === -1) return hex.join(':');
  const head = hex.slice(0, bestStart).join(':');
  const tail = hex.slice(bestStart + bestLength).join(':');
  return `${head}::${tail}`;
}

// ---------------------------------------------------------------------------------------------
// Classification
// ---------------------------------------------------------------------------------------------

function v4(text: string): number {
  return parseDottedQuad(text)!;
}

const METADATA_V4: ReadonlySet<number> = new Set(METADATA_IPV4_ADDRESSES.map(v4));

const V4_RANGES: ReadonlyArray<readonly [number, number, AddressCategory]> = (
  [
    ['0.0.0.0', 8, 'unspecified'], // "this network": 0.0.0.0 reaches the local host on Linux
    ['10.0.0.0', 8, 'private'],
    ['100.64.0.0', 10, 'cgnat'],
    ['127.0.0.0', 8, 'loopback'],
    ['169.254.0.0', 16, 'link-local'],
    ['172.16.0.0', 12, 'private'],
    ['192.0.0.0', 24, 'private'], // IETF protocol assignments, not globally routed
    ['192.0.2.0', 24, 'documentation'],
    ['192.88.99.0', 24, 'reserved'], // deprecated 6to4 relay anycast
    ['192.168.0.0', 16, 'private'],
    ['198.18.0.0', 15, 'private'], // benchmarking networks
    ['198.51.100.0', 24, 'documentation'],
    ['203.0.113.0', 24, 'documentation'],
    ['224.0.0.0', 4, 'multicast'],
    ['255.255.255.255', 32, 'broadcast'], // before 240/4, which contains it
    ['240.0.0.0', 4, 'reserved'],
  ] as const
).map(([base, bits, category]) => [v4(base), bits, category] as const);

function inV4Range(value: number, base: number, bits: number): boolean {
  if (bits === 0) return true;
  const mask = bits === 32 ? 0xffffffff : (~0 << (32 - bits)) >>> 0;
  return ((value & mask) >>> 0) === ((base & mask) >>> 0);
}

export function classifyIPv4(value: number): AddressCategory {
  if (METADATA_V4.has(value)) return 'metadata';
  for (const [base, bits, category] of V4_RANGES) {
    if (inV4Range(value, base, bits)) return category;
  }
  return 'public';
}

function v6(text: string): number[] {
  return parseIPv6(text)!;
}

const METADATA_V6: ReadonlyArray<readonly number[]> = METADATA_IPV6_ADDRESSES.map(v6);

function inV6Prefix(words: readonly number[], prefix: readonly number[], bits: number): boolean {
  for (let i = 0; i < 8 && bits > 0; i++, bits -= 16) {
    const take = Math.min(16, bits);
    const mask = take === 16 ? 0xffff : (0xffff << (16 - take)) & 0xffff;
    if (((words[i] ?? 0) & mask) !== ((prefix[i] ?? 0) & mask)) return false;
  }
  return true;
}

function embeddedV4(words: readonly number[], highIndex: number): number {
  return (((words[highIndex] ?? 0) << 16) | (words[highIndex + 1] ?? 0)) >>> 0;
}

export interface Classification {
  category: AddressCategory;
  /** For IPv6 forms that carry an IPv4 address (mapped, compatible, NAT64, 6to4): that address. */
  embeddedIPv4?: string;
}

export function classifyIPv6(words: readonly number[]): Classification {
  if (METADATA_V6.some((m) => m.every((w, i) => w === words[i]))) return { category: 'metadata' };
  const allZeroUpTo = (n: number) => words.slice(0, n).every((w) => w === 0);

  if (allZeroUpTo(8)) return { category: 'unspecified' };
  if (allZeroUpTo(7) && words[7] === 1) return { category: 'loopback' };

  // Forms that embed an IPv4 address in the low 32 bits take that address's category, so
  // ::ffff:169.254.169.254 is metadata and ::ffff:7f00:1 is loopback.
  const embedded = (value: number): Classification => ({
    category: classifyIPv4(value),
    embeddedIPv4: formatIp({ family: 4, value }),
  });
  if (allZeroUpTo(5) && words[5] === 0xffff) return embedded(embeddedV4(words, 6)); // ::ffff:a.b.c.d mapped
  if (allZeroUpTo(6)) return embedded(embeddedV4(words, 6)); // ::a.b.c.d compatible (deprecated)
  if (allZeroUpTo(4) && words[4] === 0xffff && words[5] === 0) return embedded(embeddedV4(words, 6)); // translated
  if (inV6Prefix(words, v6('64:ff9b::'), 96)) return embedded(embeddedV4(words, 6)); // NAT64 well-known prefix
  if (inV6Prefix(words, v6('2002::'), 16)) return embedded(embeddedV4(words, 1)); // 6to4

  if (inV6Prefix(words, v6('64:ff9b:1::'), 48)) return { category: 'private' }; // local-use NAT64
  if (inV6Prefix(words, v6('100::'), 64)) return { category: 'reserved' }; // discard-only
  if (inV6Prefix(words, v6('2001:db8::'), 32)) return { category: 'documentation' };
  if (inV6Prefix(words, v6('2001::'), 32)) return { category: 'reserved' }; // Teredo tunnels
  if (inV6Prefix(words, v6('fc00::'), 7)) return { category: 'unique-local' };
  if (inV6Prefix(words, v6('fe80::'), 10)) return { category: 'link-local' };
  if (inV6Prefix(words, v6('fec0::'), 10)) return { category: 'site-local' };
  if (inV6Prefix(words, v6('ff00::'), 8)) return { category: 'multicast' };
  if (inV6Prefix(words, v6('2000::'), 3)) return { category: 'public' }; // global unicast
  return { category: 'reserved' }; // everything else is unassigned
}

export function classifyIp(ip: IpAddress): Classification {
  return ip.family === 4 ? { category: classifyIPv4(ip.value) } : classifyIPv6(ip.words);
}

export type AddressVerdict =
  | { allowed: true; category: AddressCategory }
  | { allowed: false; category: AddressCategory; reason: 'metadata' | 'private' | 'reserved' };

/** The policy: metadata and unusable ranges never; private ranges only when the deployment allows. */
export function judgeAddress(ip: IpAddress, allowPrivate: boolean): AddressVerdict {
  const { category } = classifyIp(ip);
  if (category === 'metadata') return { allowed: false, category, reason: 'metadata' };
  if (ALWAYS_BLOCKED.has(category)) return { allowed: false, category, reason: 'reserved' };
  if (PRIVATE_CATEGORIES.has(category) && !allowPrivate) return { allowed: false, category, reason: 'private' };
  return { allowed: true, category };
}
