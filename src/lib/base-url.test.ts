import { describe, expect, it } from 'vitest';
import { METADATA_HOST_NAMES, METADATA_IPV4_ADDRESSES, METADATA_IPV6_ADDRESSES } from '@core/metadata-list.ts';
import { baseUrlProblem, metadataAddressProblem, normalizeBaseUrl } from './base-url';

const REFUSAL = 'is a cloud metadata address: it hands out the credentials of the machine it runs on, so Switchboard never connects to it. Enter the address of your model server instead.';

describe('base URLs', () => {
  it.each([
    ['localhost:11434', 'Start the address with http:// or https://, like http://localhost:11434.'],
    ['ftp://files.example.com', 'Only http:// and https:// addresses are supported.'],
    ['file:///etc/passwd', 'Only http:// and https:// addresses are supported.'],
    ['gopher://169.254.169.254', 'Only http:// and https:// addresses are supported.'],
    ['http://user:secret@host:8000', 'Remove the user name and password from the address; put the key in the API key field instead.'],
    ['http://my server', 'The address cannot contain spaces.'],
    ['http://', 'This is not a valid address. Check it for typos.'],
  ])('%s: %s', (url, problem) => {
    expect(baseUrlProblem(url)).toBe(problem);
  });

  it('accepts ordinary addresses', () => {
    expect(baseUrlProblem('https://api.groq.com/openai/v1')).toBeNull();
    expect(baseUrlProblem('http://[::1]:8080')).toBeNull();
    expect(normalizeBaseUrl(' http://a:1/v1/// ')).toBe('http://a:1/v1');
  });

  it('lower-cases the scheme, which the database accepts only in lower case', () => {
    expect(normalizeBaseUrl(' HTTPS://Api.Example.com/V1/ ')).toBe('https://Api.Example.com/V1');
  });

  it('refuses text the database cannot store', () => {
    expect(baseUrlProblem('http://localhost:11434/v1\u0000')).toBe(
      'The address contains a NUL character (\\u0000), which cannot be stored. Delete it (it may be invisible), then try again.',
    );
    expect(baseUrlProblem('http://localhost:11434/\ud800')).toMatch(/^The address contains a broken Unicode character \(a lone UTF-16 surrogate\)/);
  });
});

describe('cloud metadata addresses', () => {
  // What a WHATWG URL parser (the browser's, Deno's fetch) reads as a metadata host, and the
  // address the sentence names.
  it.each([
    ['http://169.254.169.254', '169.254.169.254'],
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254'],
    ['http://2852039166', '2852039166 (169.254.169.254)'],
    ['http://0xa9fea9fe', '0xa9fea9fe (169.254.169.254)'],
    ['http://0XA9FEA9FE:80', '0XA9FEA9FE (169.254.169.254)'],
    ['http://0xA9.0xFE.0xA9.0xFE', '0xA9.0xFE.0xA9.0xFE (169.254.169.254)'],
    ['http://0251.0376.0251.0376', '0251.0376.0251.0376 (169.254.169.254)'],
    ['http://0251.254.43518', '0251.254.43518 (169.254.169.254)'],
    ['http://169.254.43518', '169.254.43518 (169.254.169.254)'],
    ['http://169.16689662', '169.16689662 (169.254.169.254)'],
    ['http://169.254.169.254.', '169.254.169.254. (169.254.169.254)'],
    ['http://%31%36%39.254.169.254', '%31%36%39.254.169.254 (169.254.169.254)'],
    ['http://%EF%BC%91%EF%BC%96%EF%BC%99.254.169.254', '%EF%BC%91%EF%BC%96%EF%BC%99.254.169.254 (169.254.169.254)'],
    ['http://１６９．２５４．１６９．２５４', '１６９．２５４．１６９．２５４ (169.254.169.254)'],
    ['http://169。254。169。254', '169。254。169。254 (169.254.169.254)'],
    ['http://\\169.254.169.254', '169.254.169.254'],
    ['http://[::ffff:169.254.169.254]', '[::ffff:169.254.169.254] (169.254.169.254)'],
    ['http://[::ffff:a9fe:a9fe]', '[::ffff:a9fe:a9fe] (169.254.169.254)'],
    ['http://[0:0:0:0:0:ffff:a9fe:a9fe]:8080', '[0:0:0:0:0:ffff:a9fe:a9fe] (169.254.169.254)'],
    ['http://[::169.254.169.254]', '[::169.254.169.254] (169.254.169.254)'],
    ['http://[64:ff9b::169.254.169.254]', '[64:ff9b::169.254.169.254] (169.254.169.254)'],
    ['http://[fd00:ec2::254]', '[fd00:ec2::254]'],
    ['http://[fd00:0ec2:0000:0000:0000:0000:0000:0254]', '[fd00:0ec2:0000:0000:0000:0000:0000:0254] ([fd00:ec2::254])'],
    ['http://metadata.google.internal', 'metadata.google.internal'],
    ['http://METADATA.Google.Internal.', 'metadata.google.internal.'],
    ['https://computeMetadata.metadata.google.internal/v1', 'computemetadata.metadata.google.internal'],
    ['http://meta\u00addata.google.internal', 'meta\u00addata.google.internal (metadata.google.internal)'],
    ['http://%6Detadata', '%6Detadata (metadata)'],
    ['http://ｍｅｔａｄａｔａ.goog', 'ｍｅｔａｄａｔａ.goog (metadata.goog)'],
    ['HTTP://INSTANCE-DATA', 'instance-data'],
    ['http://169.254.170.2/v2/credentials', '169.254.170.2'],
    ['http://[::ffff:100.100.100.200]', '[::ffff:100.100.100.200] (100.100.100.200)'],
  ])('%s is refused, naming %s', (url, named) => {
    expect(baseUrlProblem(url)).toBe(`${named} ${REFUSAL}`);
  });

  it('refuses every entry of the shared list', () => {
    for (const name of METADATA_HOST_NAMES) expect(metadataAddressProblem(`http://${name}/`), name).toBe(`${name} ${REFUSAL}`);
    for (const address of METADATA_IPV4_ADDRESSES) expect(metadataAddressProblem(`http://${address}:80`), address).toBe(`${address} ${REFUSAL}`);
    for (const address of METADATA_IPV6_ADDRESSES) expect(metadataAddressProblem(`http://[${address}]`), address).toBe(`[${address}] ${REFUSAL}`);
  });

  it('leaves ordinary, private and lookalike hosts alone', () => {
    for (const url of [
      'http://localhost:11434',
      'http://127.0.0.1:11434',
      'http://169.254.1.1',
      'http://169.254.169.253',
      'http://[fd00:ec2::1]',
      'http://10.0.0.5:8000/v1',
      'https://api.openai.com',
      'http://metadata.example.com',
      'http://notmetadata.google.internal.evil',
      'http://metadatas',
      'http://169.254.169.254.nip.example',
    ]) {
      expect(baseUrlProblem(url), url).toBeNull();
    }
  });
});
