import assert from 'node:assert/strict';
import { SafeFetchError } from '../net/safe-fetch.ts';
import { describeFetchError } from './errors.ts';

Deno.test('network failures become sentences that name the host and say what to do', () => {
  const cases: Array<[SafeFetchError, string, RegExp]> = [
    [
      new SafeFetchError('dns_failure', 'x', { host: 'api.exmaple.com' }),
      'dns_failure',
      /host name "api\.exmaple\.com" could not be found/,
    ],
    [
      new SafeFetchError('connection_refused', 'x', { host: 'localhost:11434' }),
      'connection_refused',
      /localhost:11434.*refused.*running/,
    ],
    [
      new SafeFetchError('timeout', 'x', { host: 'slow.example.com', timeoutMs: 5000 }),
      'timeout',
      /did not answer within 5 s/,
    ],
    [new SafeFetchError('timeout', 'x', { host: 'h', timeoutMs: 2500 }), 'timeout', /within 2\.5 s/],
    [
      new SafeFetchError('tls_error', 'x', { host: 'h:8443', reason: 'certificate has expired' }),
      'tls_error',
      /HTTPS.*certificate has expired.*http:\/\//,
    ],
    [
      new SafeFetchError('network_error', 'x', { host: 'h', reason: 'Connection reset by peer' }),
      'network_error',
      /Connection reset by peer/,
    ],
    [
      new SafeFetchError('too_large', 'x', { host: 'h', maxBytes: 8 * 1024 * 1024 }),
      'bad_response',
      /larger than 8 MB/,
    ],
    [new SafeFetchError('too_many_redirects', 'x', { host: 'h', maxRedirects: 3 }), 'http_error', /more than 3 times/],
    [new SafeFetchError('redirect_loop', 'x', { host: 'h' }), 'http_error', /loop/],
    [new SafeFetchError('aborted', 'x', {}), 'unknown', /cancelled/],
  ];
  for (const [error, code, pattern] of cases) {
    const described = describeFetchError(error);
    assert.equal(described.code, code, error.code);
    assert.match(described.message, pattern, error.code);
  }
  assert.equal(describeFetchError(new Error('weird')).code, 'unknown');
});

Deno.test('the SSRF guard explains private (fixable) and metadata (never) differently', () => {
  const priv = describeFetchError(
    new SafeFetchError('blocked_address', 'x', {
      host: '192.168.1.5:11434',
      address: '192.168.1.5',
      blockReason: 'private',
    }),
  );
  assert.equal(priv.code, 'blocked_address');
  assert.match(
    priv.message,
    /private or local address \(192\.168\.1\.5\).*does not make server-side requests.*probe from the browser/,
  );

  const meta = describeFetchError(
    new SafeFetchError('blocked_address', 'x', {
      host: '169.254.169.254',
      address: '169.254.169.254',
      blockReason: 'metadata',
    }),
  );
  assert.match(meta.message, /cloud metadata service.*never contacts/);
  assert.match(
    describeFetchError(new SafeFetchError('blocked_address', 'x', { blockReason: 'credentials' })).message,
    /user name or password/,
  );
  assert.match(
    describeFetchError(new SafeFetchError('blocked_address', 'x', { blockReason: 'scheme' })).message,
    /http:\/\/ and https:\/\//,
  );
  assert.equal(
    describeFetchError(new SafeFetchError('blocked_address', 'x', { blockReason: 'scheme', url: 'ftp://models.example/' })).message,
    'The base URL starts with ftp:, but only http:// and https:// base URLs are supported.',
  );
});

Deno.test('a refused redirect names the server that redirected and where to, not the base URL rules', () => {
  const file = describeFetchError(
    new SafeFetchError('blocked_address', 'x', { blockReason: 'scheme', url: 'file:///etc/passwd', host: '', redirectedFrom: 'ollama.example:11434' }),
  );
  assert.equal(file.code, 'blocked_address');
  assert.match(file.message, /^ollama\.example:11434 redirected to a file: URL, a forbidden scheme: Switchboard only follows redirects to http:\/\/ and https:\/\/ addresses\./);
  assert.doesNotMatch(file.message, /base URLs are supported/);
  assert.doesNotMatch(file.message, /etc\/passwd/, 'the target itself is not echoed');

  const meta = describeFetchError(
    new SafeFetchError('blocked_address', 'x', { blockReason: 'metadata', host: '169.254.169.254', address: '169.254.169.254', redirectedFrom: 'models.example' }),
  );
  assert.match(meta.message, /^models\.example redirected to 169\.254\.169\.254, a cloud metadata service .*never contacts/);
  const priv = describeFetchError(
    new SafeFetchError('blocked_address', 'x', { blockReason: 'private', host: '10.0.0.5:80', address: '10.0.0.5', redirectedFrom: 'models.example' }),
  );
  assert.match(priv.message, /^models\.example redirected to 10\.0\.0\.5:80, a private or local address \(10\.0\.0\.5\)/);
  const invalid = describeFetchError(
    new SafeFetchError('blocked_address', 'x', { blockReason: 'invalid', host: 'models.example', redirectedFrom: 'models.example' }),
  );
  assert.match(invalid.message, /^models\.example redirected to an invalid URL\./);
});
