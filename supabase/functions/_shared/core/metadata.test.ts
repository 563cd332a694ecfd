import assert from 'node:assert/strict';
import { isMetadataHost, isMetadataHostName } from './metadata.ts';
import { METADATA_HOST_NAMES, METADATA_IPV4_ADDRESSES, METADATA_IPV6_ADDRESSES } from './metadata-list.ts';

/** What a WHATWG URL parser (the browser's, Deno's fetch) makes of a URL's host. */
const hostOf = (url: string) => new URL(url).hostname;

Deno.test('every listed name and address is a metadata host', () => {
  for (const name of METADATA_HOST_NAMES) assert.equal(isMetadataHost(name), true, name);
  for (const address of METADATA_IPV4_ADDRESSES) assert.equal(isMetadataHost(address), true, address);
  for (const address of METADATA_IPV6_ADDRESSES) assert.equal(isMetadataHost(`[${address}]`), true, address);
});

Deno.test('169.254.169.254 in every spelling a URL parser accepts', () => {
  const spellings = [
    'http://169.254.169.254/',
    'http://2852039166/',
    'http://0xa9fea9fe/',
    'http://0xA9.0xFE.0xA9.0xFE/',
    'http://0251.0376.0251.0376/',
    'http://169.254.43518/',
    'http://169.16689662/',
    'http://169.254.169.254./',
    'http://%31%36%39.254.169.254/',
    'http://１６９．２５４．１６９．２５４/',
    'http://[::ffff:169.254.169.254]/',
    'http://[::ffff:a9fe:a9fe]/',
    'http://[0:0:0:0:0:ffff:a9fe:a9fe]/',
    'http://[::169.254.169.254]/',
    'http://[64:ff9b::169.254.169.254]/',
    'http://[fd00:ec2::254]/',
    'http://[fd00:0ec2:0000:0000:0000:0000:0000:0254]/',
    'http://METADATA.google.internal./',
    'http://foo.metadata.google.internal/',
  ];
  for (const url of spellings) assert.equal(isMetadataHost(hostOf(url)), true, url);
});

Deno.test('ordinary and merely private hosts are not metadata', () => {
  for (const url of ['http://localhost:11434', 'http://127.0.0.1', 'http://169.254.1.1', 'http://[fd00:ec2::1]', 'https://api.openai.com', 'http://metadata.example.com', 'http://notmetadata.google.internal.evil']) {
    assert.equal(isMetadataHost(hostOf(url)), false, url);
  }
  assert.equal(isMetadataHostName('metadata'), true);
  assert.equal(isMetadataHostName('metadatas'), false);
});
