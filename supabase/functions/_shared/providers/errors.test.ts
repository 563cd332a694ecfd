import assert from 'node:assert/strict';
import { SafeFetchError } from '../net/safe-fetch.ts';
import { describeBadBody, describeFetchError, describeHttpStatus, parseRetryAfter, providerMessage, statusForProviderError } from './errors.ts';
import { ShapeError } from './types.ts';

const URL_ = 'https://api.example.com/v1/models';

function http(status: number, body: string, headers: Record<string, string> = {}) {
  return { status, body, headers: new Headers(headers), url: URL_ };
}

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

Deno.test('refusals are 422 (the stored URL is at fault), every upstream failure 502', () => {
  assert.equal(statusForProviderError('blocked_address'), 422);
  for (const code of ['dns_failure', 'connection_refused', 'timeout', 'tls_error', 'invalid_key', 'rate_limited', 'bad_response', 'http_error', 'network_error', 'unknown']) {
    assert.equal(statusForProviderError(code), 502, code);
  }
});

Deno.test('quoted provider messages are text Postgres can store, even when cut in the middle of a pair', () => {
  assert.equal(providerMessage('{"error":"bad \\u0000 model \\ud800"}', 'application/json'), 'bad model \uFFFD');
  const cut = providerMessage(JSON.stringify({ error: `${'x'.repeat(196)}😀 tail` }), 'application/json')!;
  assert.equal(cut, `${'x'.repeat(196)}\uFFFD...`);
});

Deno.test('401/403: a rejected key versus a missing key', () => {
  const openAi401 = JSON.stringify({
    error: {
      message:
        'Incorrect API key provided: sk-abc*****wxyz. You can find your API key at https://platform.openai.com/account/api-keys.',
      type: 'invalid_request_error',
      param: null,
      code: 'invalid_api_key',
    },
  });
  const rejected = describeHttpStatus(http(401, openAi401, { 'content-type': 'application/json' }), { keySent: true });
  assert.equal(rejected.code, 'invalid_key');
  assert.equal(rejected.httpStatus, 401);
  assert.match(rejected.message, /^The API key was rejected \(HTTP 401: Incorrect API key provided/);
  assert.match(rejected.message, /save it again/);

  const anthropic = JSON.stringify({
    type: 'error',
    error: { type: 'authentication_error', message: 'invalid x-api-key' },
  });
  assert.match(describeHttpStatus(http(401, anthropic), { keySent: true }).message, /invalid x-api-key/);

  const missing = describeHttpStatus(http(403, '{"error":"forbidden"}'), { keySent: false });
  assert.equal(missing.code, 'invalid_key');
  assert.match(missing.message, /needs an API key.*Add your key/);
});

Deno.test('quoted provider messages never contain the key that was sent', () => {
  const key = 'sk-live-SUPERSECRET-1234567890';
  const body = JSON.stringify({ error: { message: `Key ${key} is disabled` } });
  const described = describeHttpStatus(http(401, body), { keySent: true, apiKey: key });
  assert.ok(!described.message.includes(key));
  assert.match(described.message, /\[redacted\]/);
});

Deno.test('404 says to check the base URL and mentions /v1', () => {
  const described = describeHttpStatus(http(404, '404 page not found', { 'content-type': 'text/plain' }), {
    keySent: false,
  });
  assert.equal(described.code, 'http_error');
  assert.match(
    described.message,
    /nothing at \/v1\/models \(HTTP 404\)\. Check the base URL; for OpenAI-compatible servers it usually ends in \/v1/,
  );
});

Deno.test('429 reports Retry-After in seconds when given', () => {
  const limited = describeHttpStatus(
    http(429, JSON.stringify({ error: { message: 'Rate limit reached', code: 'rate_limit_exceeded' } }), {
      'retry-after': '20',
    }),
    { keySent: true },
  );
  assert.equal(limited.code, 'rate_limited');
  assert.equal(limited.retryAfterSeconds, 20);
  assert.match(limited.message, /Try again in 20 seconds\./);
  const noHeader = describeHttpStatus(http(429, ''), { keySent: true });
  assert.equal(noHeader.retryAfterSeconds, undefined);
  assert.match(noHeader.message, /Wait a minute/);
});

Deno.test('parseRetryAfter reads seconds and HTTP dates', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  assert.equal(parseRetryAfter('5', now), 5);
  assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now), 30);
  assert.equal(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now), 0, 'a past date means now');
  assert.equal(parseRetryAfter('soon', now), undefined);
  assert.equal(parseRetryAfter(null, now), undefined);
  assert.equal(parseRetryAfter('999999999', now), 86_400);
});

Deno.test('5xx and other statuses', () => {
  const ollama500 = describeHttpStatus(http(500, '{"error":"llama runner process has terminated: exit status 2"}'), {
    keySent: false,
  });
  assert.equal(ollama500.code, 'http_error');
  assert.match(
    ollama500.message,
    /had a problem answering \(HTTP 500: llama runner process has terminated.*usually temporary/,
  );
  const html502 = describeHttpStatus(
    http(502, '<html><body>Bad gateway</body></html>', { 'content-type': 'text/html' }),
    { keySent: false },
  );
  assert.match(html502.message, /HTTP 502\)/, 'HTML error pages are not quoted');
  assert.match(
    describeHttpStatus(http(400, '{"detail":"Bad request"}'), { keySent: false }).message,
    /refused the request \(HTTP 400: Bad request\)/,
  );
});

Deno.test('bodies that are not a usable model list', () => {
  const page = describeBadBody(
    http(200, '<!doctype html><title>Welcome</title>', { 'content-type': 'text/html' }),
    new SyntaxError('x'),
  );
  assert.equal(page.code, 'bad_response');
  assert.match(page.message, /web page instead of JSON/);
  assert.match(
    describeBadBody(http(200, '{"data":[', { 'content-type': 'application/json' }), new SyntaxError('x')).message,
    /could not be read/,
  );
  assert.match(
    describeBadBody(http(200, 'hello', { 'content-type': 'text/plain' }), new SyntaxError('x')).message,
    /not with JSON \(text\/plain\)/,
  );
  assert.match(
    describeBadBody(http(200, '{"error":"x"}'), new ShapeError('x')).message,
    /not a model list this connection kind understands/,
  );
});

Deno.test('providerMessage picks the human part of each provider format', () => {
  assert.equal(providerMessage('{"error":{"message":"m1","type":"t"}}', 'application/json'), 'm1');
  assert.equal(providerMessage('{"error":"m2"}', 'application/json'), 'm2');
  assert.equal(
    providerMessage('{"error":{"code":400,"message":"API key not valid.","status":"INVALID_ARGUMENT"}}', null),
    'API key not valid.',
  );
  assert.equal(providerMessage('{"detail":"Not Found"}', null), 'Not Found');
  assert.equal(providerMessage('plain words\nover lines', 'text/plain'), 'plain words over lines');
  assert.equal(providerMessage('<html>x</html>', 'text/html'), undefined);
  assert.equal(providerMessage('x'.repeat(500), 'text/plain')!.length, 200);
});
