/**
 * Cloud metadata addresses are refused in two places that must agree: the app (the connection
 * form and the imports, through @core/metadata.ts and the one list in @core/metadata-list.ts) and
 * the database (private.cloud_metadata_hosts() and the refuse_metadata_base_url trigger, which
 * parses hosts as a WHATWG URL parser would). This file fails when the two lists drift apart, when
 * the database reads a spelling differently from the URL parser the browser and Deno use, and when
 * the database's refusal, reached through the API, does not read as the form's own sentence.
 */
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isMetadataHost } from '@core/metadata.ts';
import { METADATA_HOST_NAMES, METADATA_IPV4_ADDRESSES, METADATA_IPV6_ADDRESSES } from '@core/metadata-list.ts';
import { baseUrlProblem } from '@/lib/base-url';
import { createClientAs, createTestUser, serviceRoleKey, withDb, anonKey, apiUrl, type TestUser } from '../support/stack.ts';

interface DbHost {
  url: string;
  host: string | null;
  metadata: string | null;
}

/** What the database makes of each URL: its host as private.url_host reads it, and whether it is refused. */
async function readInDatabase(urls: readonly string[]): Promise<DbHost[]> {
  return withDb(async (db) => {
    const { rows } = await db.query<DbHost>(
      'select u.url, private.url_host(u.url) as host, private.metadata_host_in_url(u.url) as metadata from unnest($1::text[]) with ordinality as u(url, n) order by u.n',
      [urls],
    );
    return rows;
  });
}

/** What the app (and the Edge Functions) make of it: the WHATWG URL parser, then isMetadataHost. */
function readInApp(url: string): { host: string; metadata: boolean } {
  const { hostname } = new URL(url);
  return { host: hostname, metadata: isMetadataHost(hostname) };
}

const octets = (address: string) => address.split('.').map(Number) as [number, number, number, number];
const hex = (n: number) => n.toString(16);
const fullWidth = (text: string) => text.replace(/[0-9a-z.]/gi, (c) => (c === '.' ? '．' : String.fromCharCode(c.charCodeAt(0) + 0xfee0)));

/** Every spelling of an IPv4 address a URL parser turns back into it. */
function ipv4Spellings(address: string): string[] {
  const [a, b, c, d] = octets(address);
  const value = ((a << 24) >>> 0) + (b << 16) + (c << 8) + d;
  const high = hex((a << 8) + b);
  const low = hex((c << 8) + d);
  return [
    address,
    `${address}.`,
    String(value),
    `0x${hex(value)}`,
    `0X${hex(value).toUpperCase()}`,
    `0${value.toString(8)}`,
    [a, b, c, d].map((n) => `0x${hex(n)}`).join('.'),
    [a, b, c, d].map((n) => `0${n.toString(8)}`).join('.'),
    `${a}.${b}.${(c << 8) + d}`,
    `${a}.${(b << 16) + (c << 8) + d}`,
    `0x${hex(a)}.0${b.toString(8)}.${(c << 8) + d}`,
    `%${hex(String(a).charCodeAt(0))}${String(a).slice(1)}.${b}.${c}.${d}`,
    encodeURIComponent(fullWidth(address)),
    fullWidth(address),
    address.replaceAll('.', '。'),
    `[::ffff:${address}]`,
    `[::ffff:${high}:${low}]`,
    `[0000:0000:0000:0000:0000:FFFF:${high}:${low}]`,
    `[::${address}]`,
    `[::ffff:0:${address}]`,
    `[64:ff9b::${address}]`,
    `[2002:${high}:${low}::1]`,
  ];
}

/** Every spelling of a metadata name (and its subdomains) a URL parser turns back into it. */
function nameSpellings(name: string): string[] {
  const dotted = name.includes('.');
  return [
    name,
    name.toUpperCase(),
    `${name}.`,
    `${name.toUpperCase()}.`,
    `%${hex(name.charCodeAt(0))}${name.slice(1)}`,
    fullWidth(name),
    `${name.slice(0, 4)}\u00ad${name.slice(4)}`,
    `${name.slice(0, 4)}\u200b${name.slice(4)}`,
    name.replaceAll('.', '。'),
    ...(dotted ? [`sub.${name}`, `a.b.${name.toUpperCase()}.`] : []),
  ];
}

/** Every spelling of an IPv6 address (zero-padded, upper case). */
function ipv6Spellings(address: string): string[] {
  const [head = '', tail = ''] = address.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const full = [...headGroups, ...Array(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups].map((g) => g.padStart(4, '0'));
  return [`[${address}]`, `[${address.toUpperCase()}]`, `[${full.join(':')}]`, `[${full.join(':').toUpperCase()}]`];
}

/** Close to a metadata host, but not one: must stay allowed on both sides. */
function nearMisses(): string[] {
  const ipv4 = METADATA_IPV4_ADDRESSES.flatMap((address) => {
    const [a, b, c, d] = octets(address);
    return [`${a}.${b}.${c}.${(d + 1) % 256}`, `${a}.${b}.${(c + 1) % 256}.${d}`, `[::ffff:${a}.${b}.${c}.${(d + 1) % 256}]`];
  });
  const names = METADATA_HOST_NAMES.flatMap((name) => [`${name}x`, `x${name}`, `${name}.example.com`]);
  const ipv6 = METADATA_IPV6_ADDRESSES.map((address) => `[${address.replace(/[0-9a-f]+$/, (last) => hex(parseInt(last, 16) + 1))}]`);
  return [...ipv4, ...names, ...ipv6, 'localhost', '127.0.0.1', '0x7f.1', '10.0.0.5', '[::1]', '[fd00:ec2::1]', 'api.openai.com'];
}

const refused = [...METADATA_IPV4_ADDRESSES.flatMap(ipv4Spellings), ...METADATA_HOST_NAMES.flatMap(nameSpellings), ...METADATA_IPV6_ADDRESSES.flatMap(ipv6Spellings)];

describe('the one list of metadata hosts', () => {
  it('is the same in the database as in metadata-list.ts', async () => {
    const rows = await withDb(async (db) => (await db.query<{ kind: string; address: string }>('select kind, address from private.cloud_metadata_hosts()')).rows);
    const byKind = (kind: string) => rows.filter((row) => row.kind === kind).map((row) => row.address).sort();
    expect(byKind('name')).toEqual([...METADATA_HOST_NAMES].sort());
    expect(byKind('ipv4')).toEqual([...METADATA_IPV4_ADDRESSES].sort());
    expect(byKind('ipv6')).toEqual([...METADATA_IPV6_ADDRESSES].sort());
    expect(rows).toHaveLength(METADATA_HOST_NAMES.length + METADATA_IPV4_ADDRESSES.length + METADATA_IPV6_ADDRESSES.length);
  });
});

describe('the database reads hosts as the URL parser does', () => {
  it(`refuses every spelling of every entry (${refused.length} URLs) that the app refuses`, async () => {
    const urls = refused.map((host) => `http://${host}:8080/v1`);
    const results = await readInDatabase(urls);
    const disagreements = results.filter((row) => !readInApp(row.url).metadata || row.metadata === null);
    expect(disagreements).toEqual([]);
    // Names and IPv4 addresses come out exactly as the URL parser writes them.
    const differentHost = results.filter((row) => !row.url.startsWith('http://[') && row.host !== readInApp(row.url).host);
    expect(differentHost).toEqual([]);
  });

  it('allows what the app allows', async () => {
    const urls = nearMisses().map((host) => `https://${host}/v1`);
    const results = await readInDatabase(urls);
    expect(results.filter((row) => readInApp(row.url).metadata || row.metadata !== null)).toEqual([]);
    expect(results.filter((row) => !row.url.startsWith('https://[') && row.host !== readInApp(row.url).host)).toEqual([]);
  });
});

describe('a metadata address sent past the form', () => {
  let user: TestUser;
  let describeConnectionSaveError: typeof import('@/features/connections/utils/errors').describeConnectionSaveError;

  beforeAll(async () => {
    user = await createTestUser();
    // The app's modules read the deployment's address from the build environment.
    vi.stubEnv('VITE_SUPABASE_URL', apiUrl);
    vi.stubEnv('VITE_SUPABASE_ANON_KEY', anonKey);
    ({ describeConnectionSaveError } = await import('@/features/connections/utils/errors'));
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    if (user) await createClientAs(serviceRoleKey).auth.admin.deleteUser(user.user.id);
  });

  it.each(['http://0xa9fea9fe', 'http://[::ffff:a9fe:a9fe]/v1', 'https://METADATA.google.internal.', 'http://１６９．２５４．１６９．２５４'])(
    'is refused by the database through the API, and the person reads the form’s sentence next to the base URL: %s',
    async (baseUrl) => {
      const client = user.client as SupabaseClient;
      const { data, error } = await client.from('connections').insert({ name: `Sneaky ${baseUrl}`, kind: 'openai_compatible', base_url: baseUrl }).select('id');
      expect(data).toBeNull();
      expect(error).toMatchObject({ code: '23514', details: expect.stringContaining('connections_base_url_not_metadata') });
      expect(describeConnectionSaveError(error, `Sneaky ${baseUrl}`, baseUrl)).toEqual({ field: 'base_url', message: baseUrlProblem(baseUrl) });
      expect(baseUrlProblem(baseUrl)).toMatch(/is a cloud metadata address: /);
    },
  );

  it('stores nothing, and an ordinary address still saves', async () => {
    const client = user.client as SupabaseClient;
    const saved = await client.from('connections').insert({ name: 'Lab', kind: 'openai_compatible', base_url: 'http://169.254.1.1:8000' }).select('base_url').single();
    expect(saved.error).toBeNull();
    const { data } = await client.from('connections').select('base_url');
    expect(data).toEqual([{ base_url: 'http://169.254.1.1:8000' }]);
  });
});
