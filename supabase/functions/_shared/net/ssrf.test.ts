import assert from 'node:assert/strict';
import {
  allowPrivateEndpoints,
  BlockedUrlError,
  checkUrl,
  DnsLookupError,
  type Resolver,
  systemResolver,
  validateUrl,
} from './ssrf.ts';

/** A resolver that answers from a table and never touches the network. */
function fakeResolver(table: Record<string, string[]>): Resolver & { calls: string[] } {
  const calls: string[] = [];
  const resolver = ((hostname: string) => {
    calls.push(hostname);
    const answer = table[hostname];
    return answer ? Promise.resolve(answer) : Promise.reject(new DnsLookupError(hostname));
  }) as Resolver & { calls: string[] };
  resolver.calls = calls;
  return resolver;
}

const dns = fakeResolver({
  'api.example.com': ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'],
  'rebind.example.com': ['93.184.216.34', '10.0.0.7'],
  'internal.example.com': ['192.168.1.20'],
  'v6private.example.com': ['fd12:3456::1'],
  'meta.example.com': ['169.254.169.254'],
  'mapped.example.com': ['::ffff:169.254.169.254'],
  localhost: ['127.0.0.1', '::1'],
});

async function reason(url: string, allowPrivate = false): Promise<string> {
  try {
    await checkUrl(url, { allowPrivate, resolver: dns });
    return 'allowed';
  } catch (error) {
    if (error instanceof BlockedUrlError) return error.reason;
    if (error instanceof DnsLookupError) return 'dns';
    throw error;
  }
}

Deno.test('hostile URLs are refused (private endpoints off)', async () => {
  const table: Array<[string, string]> = [
    ['http://127.0.0.1/', 'private'],
    ['http://2130706433/', 'private'],
    ['http://0177.0.0.1/', 'private'],
    ['http://0x7f.1/', 'private'],
    ['http://0x7f000001/', 'private'],
    ['http://127.1:11434/api/tags', 'private'],
    ['http://[::1]/', 'private'],
    ['http://[::ffff:127.0.0.1]/', 'private'],
    ['http://[::ffff:7f00:1]/', 'private'],
    ['http://[0:0:0:0:0:ffff:127.0.0.1]/', 'private'],
    ['http://0.0.0.0:8000/', 'private'],
    ['http://0/', 'private'],
    ['http://localhost:11434/', 'private'],
    ['http://LOCALHOST./', 'private'],
    ['http://ollama.localhost/', 'private'],
    ['http://10.0.0.5/', 'private'],
    ['http://172.20.1.1/', 'private'],
    ['http://192.168.0.10/', 'private'],
    ['http://100.64.1.1/', 'private'],
    ['http://169.254.1.1/', 'private'],
    ['http://[fd00::1]/', 'private'],
    ['http://[fe80::1]/', 'private'],
    ['http://internal.example.com/', 'private'],
    ['http://v6private.example.com/', 'private'],
    ['http://rebind.example.com/', 'private'],
    // Metadata in every spelling
    ['http://169.254.169.254/latest/meta-data/', 'metadata'],
    ['http://2852039166/', 'metadata'],
    ['http://0251.0376.0251.0376/', 'metadata'],
    ['http://0xa9.0xfe.0xa9.0xfe/', 'metadata'],
    ['http://0xa9fea9fe/', 'metadata'],
    ['http://169.254.43518/', 'metadata'],
    ['http://[::ffff:169.254.169.254]/', 'metadata'],
    ['http://[::ffff:a9fe:a9fe]/', 'metadata'],
    ['http://[fd00:ec2::254]/', 'metadata'],
    ['http://100.100.100.200/', 'metadata'],
    ['http://metadata.google.internal/computeMetadata/v1/', 'metadata'],
    ['http://METADATA.GOOGLE.INTERNAL./', 'metadata'],
    ['http://metadata.goog/', 'metadata'],
    ['http://meta.example.com/', 'metadata'],
    ['http://mapped.example.com/', 'metadata'],
    // Never an API
    ['http://224.0.0.1/', 'reserved'],
    ['http://255.255.255.255/', 'reserved'],
    ['http://240.0.0.1/', 'reserved'],
    ['http://[ff02::1]/', 'reserved'],
    // Not http(s), or carrying credentials
    ['file:///etc/passwd', 'scheme'],
    ['ftp://example.com/', 'scheme'],
    ['gopher://127.0.0.1:6379/_INFO', 'scheme'],
    ['javascript:alert(1)', 'scheme'],
    ['http://user:pass@api.example.com/', 'credentials'],
    ['http://sk-key@api.example.com/', 'credentials'],
    ['not a url', 'invalid'],
    ['http://does-not-exist.example.com/', 'dns'],
  ];
  for (const [url, expected] of table) {
    assert.equal(await reason(url), expected, url);
  }
});

Deno.test('metadata and unusable ranges stay refused when private endpoints are allowed', async () => {
  for (
    const url of [
      'http://169.254.169.254/',
      'http://2852039166/',
      'http://[::ffff:169.254.169.254]/',
      'http://[fd00:ec2::254]/',
      'http://metadata.google.internal/',
      'http://meta.example.com/',
      'http://224.0.0.1/',
    ]
  ) {
    assert.notEqual(await reason(url, true), 'allowed', url);
  }
});

Deno.test('allowed URLs: public hosts always, private ones when the deployment allows them', async () => {
  assert.equal(await reason('https://api.example.com/v1/models'), 'allowed');
  assert.equal(await reason('https://8.8.8.8/'), 'allowed');
  assert.equal(await reason('https://[2606:4700:4700::1111]/'), 'allowed');
  for (
    const url of [
      'http://localhost:11434/',
      'http://127.0.0.1:1234/',
      'http://[::1]:8080/',
      'http://192.168.1.20/',
      'http://internal.example.com/',
    ]
  ) {
    assert.equal(await reason(url, true), 'allowed', url);
  }
});

Deno.test('every resolved address is returned, and literals skip DNS', async () => {
  const before = dns.calls.length;
  const literal = await checkUrl('http://8.8.8.8/', { allowPrivate: false, resolver: dns });
  assert.deepEqual(literal.addresses, ['8.8.8.8']);
  assert.equal(literal.literal, true);
  assert.equal(dns.calls.length, before, 'no lookup for an address literal');
  const named = await checkUrl('https://api.example.com/', { allowPrivate: false, resolver: dns });
  assert.deepEqual(named.addresses, ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946']);
});

Deno.test('validateUrl keeps the URL it was given', () => {
  assert.equal(validateUrl('http://api.example.com/v1').href, 'http://api.example.com/v1');
  assert.throws(() => validateUrl('http://:pass@example.com/'), BlockedUrlError);
});

Deno.test('allowPrivateEndpoints is on for 1/true/yes/on and off for anything else, unset included', () => {
  const env = (value?: string) => () => value;
  for (const value of ['true', ' TRUE ', '1', 'yes', 'on ']) assert.equal(allowPrivateEndpoints(env(value)), true, value);
  for (const value of [undefined, '', 'false', 'FALSE', '0', 'no', 'off', 'yes please', 'maybe']) {
    assert.equal(allowPrivateEndpoints(env(value)), false, String(value));
  }
});

// Only localhost: it resolves from /etc/hosts, so the test sends nothing over the network.
Deno.test('systemResolver resolves localhost the way the connection will', async () => {
  const local = await systemResolver('localhost');
  assert.ok(local.length > 0 && local.every((a) => a === '127.0.0.1' || a === '::1'), local.join());
});
