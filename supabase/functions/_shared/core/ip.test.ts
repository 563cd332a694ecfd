import assert from 'node:assert/strict';
import { classifyIp, formatIp, judgeAddress, parseIp, parseIPv4, parseIPv6 } from './ip.ts';

const LOOPBACK = 0x7f000001;
const METADATA = 0xa9fea9fe; // 169.254.169.254

Deno.test('parseIPv4 reads every spelling of 127.0.0.1 that URL parsers accept', () => {
  for (
    const spelling of [
      '127.0.0.1',
      '2130706433',
      '0177.0.0.1',
      '0x7f.1',
      '0x7f000001',
      '127.1',
      '127.0.1',
      '0x7F.0.0.1',
      '127.0.0.1.',
    ]
  ) {
    assert.equal(parseIPv4(spelling), LOOPBACK, spelling);
  }
  for (
    const spelling of [
      '169.254.169.254',
      '2852039166',
      '0251.0376.0251.0376',
      '0xa9.0xfe.0xa9.0xfe',
      '169.16689662',
      '0xa9fea9fe',
    ]
  ) {
    assert.equal(parseIPv4(spelling), METADATA, spelling);
  }
});

Deno.test('parseIPv4 rejects names and out-of-range numbers', () => {
  for (
    const text of ['example.com', '1.2.3.4.5', '256.0.0.1', '4294967296', '09.0.0.1', '0x', '', 'localhost', '1..2']
  ) {
    const parsed = parseIPv4(text);
    if (text === '0x') assert.equal(parsed, 0); // "0x" alone is zero in the URL standard
    else assert.equal(parsed, null, text);
  }
});

Deno.test('parseIPv6 handles compression, brackets, embedded IPv4 and zone ids', () => {
  assert.deepEqual(parseIPv6('::1'), [0, 0, 0, 0, 0, 0, 0, 1]);
  assert.deepEqual(parseIPv6('[::1]'), [0, 0, 0, 0, 0, 0, 0, 1]);
  assert.deepEqual(parseIPv6('::ffff:127.0.0.1'), [0, 0, 0, 0, 0, 0xffff, 0x7f00, 1]);
  assert.deepEqual(parseIPv6('::ffff:7f00:1'), [0, 0, 0, 0, 0, 0xffff, 0x7f00, 1]);
  assert.deepEqual(parseIPv6('fe80::1%eth0'), [0xfe80, 0, 0, 0, 0, 0, 0, 1]);
  assert.deepEqual(parseIPv6('2001:db8:0:0:0:0:2:1'), [0x2001, 0xdb8, 0, 0, 0, 0, 2, 1]);
  for (const bad of ['1::2::3', '12345::', '::ffff:256.0.0.1', '1:2:3:4:5:6:7:8:9', 'example.com', ':::']) {
    assert.equal(parseIPv6(bad), null, bad);
  }
});

Deno.test('formatIp prints canonical text', () => {
  assert.equal(formatIp(parseIp('2130706433')!), '127.0.0.1');
  assert.equal(formatIp(parseIp('[::ffff:127.0.0.1]')!), '::ffff:7f00:1');
  assert.equal(formatIp(parseIp('fd00:ec2:0:0:0:0:0:254')!), 'fd00:ec2::254');
  assert.equal(formatIp(parseIp('1:0:0:1:0:0:0:1')!), '1:0:0:1::1');
});

Deno.test('classification table', () => {
  const table: Array<[string, string]> = [
    ['8.8.8.8', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['192.168.1.10', 'private'],
    ['169.254.1.1', 'link-local'],
    ['169.254.169.254', 'metadata'],
    ['169.254.170.2', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.255', 'cgnat'],
    ['100.128.0.1', 'public'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.5', 'documentation'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['::ffff:a9fe:a9fe', 'metadata'],
    ['::127.0.0.1', 'loopback'],
    ['::ffff:8.8.8.8', 'public'],
    ['64:ff9b::127.0.0.1', 'loopback'],
    ['64:ff9b::a9fe:a9fe', 'metadata'],
    ['2002:7f00:1::', 'loopback'],
    ['2002:0808:0808::1', 'public'],
    ['fd00:ec2::254', 'metadata'],
    ['fc00::1', 'unique-local'],
    ['fdab:cdef::1', 'unique-local'],
    ['fe80::1', 'link-local'],
    ['febf::1', 'link-local'],
    ['fec0::1', 'site-local'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'documentation'],
    ['2606:4700:4700::1111', 'public'],
    ['4000::1', 'reserved'],
  ];
  for (const [text, category] of table) {
    assert.equal(classifyIp(parseIp(text)!).category, category, text);
  }
});

Deno.test('judgeAddress: metadata never, private only when allowed, reserved never', () => {
  const judge = (text: string, allowPrivate: boolean) => judgeAddress(parseIp(text)!, allowPrivate);
  assert.deepEqual(judge('8.8.8.8', false), { allowed: true, category: 'public' });
  assert.equal(judge('127.0.0.1', false).allowed, false);
  assert.equal(judge('127.0.0.1', true).allowed, true);
  assert.equal(judge('0.0.0.0', true).allowed, true, 'OLLAMA_HOST=0.0.0.0 users type this; it is loopback in effect');
  for (const allow of [false, true]) {
    const meta = judge('169.254.169.254', allow);
    assert.equal(meta.allowed, false);
    assert.equal(!meta.allowed && meta.reason, 'metadata');
    const mapped = judge('::ffff:a9fe:a9fe', allow);
    assert.equal(!mapped.allowed && mapped.reason, 'metadata');
    const multicast = judge('224.0.0.1', allow);
    assert.equal(!multicast.allowed && multicast.reason, 'reserved');
  }
  const priv = judge('10.0.0.1', false);
  assert.equal(!priv.allowed && priv.reason, 'private');
});
