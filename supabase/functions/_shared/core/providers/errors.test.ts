import assert from 'node:assert/strict';
import { describeBadBody, describeHttpStatus, errorBodyText, parseRetryAfter, providerMessage, statusForProviderError } from './errors.ts';
import { ShapeError } from './types.ts';

const URL_ = 'https://api.example.com/v1/models';

function http(status: number, body: string, headers: Record<string, string> = {}) {
  return { status, body, headers: new Headers(headers), url: URL_ };
}

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

Deno.test('an error body is read up to its first 64 KiB, then the stream is closed', async () => {
  assert.equal(await errorBodyText(new Response('{"error":"nope"}').body!), '{"error":"nope"}');
  let pulled = 0;
  const endless = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulled++;
      controller.enqueue(new TextEncoder().encode('x'.repeat(1024)));
    },
  });
  const text = await errorBodyText(endless);
  assert.equal(text.length, 64 * 1024);
  assert.ok(pulled < 70);
});

Deno.test('from the browser, which never holds the key, a 401 says to let the server check it', () => {
  const described = describeHttpStatus(http(401, '{"error":"unauthorized"}'), { keySent: false, fromBrowser: true });
  assert.equal(described.code, 'invalid_key');
  assert.match(described.message, /^api\.example\.com wants an API key \(HTTP 401: unauthorized\)\. Browser checks never see your stored key, so set this connection to be checked from the server instead\.$/);
});

Deno.test('a body shaped like JSON but cut off reads as such, whatever its content type says', () => {
  const cut = describeBadBody(http(200, '{"models":[{"name":"a"', { 'content-type': 'text/plain;charset=UTF-8' }), new SyntaxError('x'));
  assert.match(cut.message, /not valid JSON \(it may have been cut off\)/);
  assert.match(describeBadBody(http(200, '{"error":"x"}'), new ShapeError('x'), 'Ollama').message, /answered with JSON, but not a Ollama model list\./);
});
