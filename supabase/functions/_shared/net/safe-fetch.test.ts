import assert from 'node:assert/strict';
import { FAKE_OPENAI_KEY, startFakeOpenAI } from '../../_test/fakes/openai.ts';
import type { FakeServer } from '../../_test/fakes/fake-server.ts';
import { safeFetch, SafeFetchError, type SafeFetchOptions } from './safe-fetch.ts';
import { DnsLookupError, type Resolver } from './ssrf.ts';

const auth = { headers: { authorization: `Bearer ${FAKE_OPENAI_KEY}` } };
const local: SafeFetchOptions = { allowPrivate: true, timeoutMs: 2_000 };

async function withFake(fn: (server: FakeServer) => Promise<void>, options = {}): Promise<void> {
  const server = startFakeOpenAI(options);
  try {
    await fn(server);
  } finally {
    await server.close();
  }
}

async function failure(promise: Promise<unknown>): Promise<SafeFetchError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SafeFetchError) return error;
    throw error;
  }
  assert.fail('expected a SafeFetchError');
}

function tableResolver(table: Record<string, string[]>): Resolver {
  return (hostname) =>
    table[hostname] ? Promise.resolve(table[hostname]) : Promise.reject(new DnsLookupError(hostname));
}

Deno.test('safeFetch returns status, headers and body text', async () => {
  await withFake(async (server) => {
    const response = await safeFetch(`${server.url}/v1/models`, auth, local);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type')!, /application\/json/);
    assert.equal(JSON.parse(response.body).data.length, 5);
    assert.equal(response.url, `${server.url}/v1/models`);
    assert.deepEqual(response.redirects, []);
    assert.equal(response.bytes, new TextEncoder().encode(response.body).length);
  });
});

Deno.test('a private target is refused before any connection when private endpoints are off', async () => {
  await withFake(async (server) => {
    const error = await failure(safeFetch(`${server.url}/v1/models`, auth, { allowPrivate: false }));
    assert.equal(error.code, 'blocked_address');
    assert.equal(error.details.blockReason, 'private');
    assert.equal(server.requestCount, 0);
  });
});

Deno.test('the connection goes to the address the guard checked (pinned), not a second lookup', async () => {
  await withFake(async (server) => {
    // "models.test" exists only in this resolver: the system could never resolve it, so reaching the
    // fake proves the request used the approved address.
    const resolver = tableResolver({ 'models.test': ['127.0.0.1'] });
    const response = await safeFetch(`http://models.test:${server.port}/v1/models`, auth, { ...local, resolver });
    assert.equal(response.status, 200);
    assert.equal(server.requestCount, 1);
  });
});

Deno.test('pinned connections try every approved address (localhost -> ::1 and 127.0.0.1)', async () => {
  // The fake listens on IPv4 only; the name resolves IPv6 first, as many /etc/hosts files do.
  await withFake(async (server) => {
    const resolver = tableResolver({ 'dual.test': ['::1', '127.0.0.1'] });
    const response = await safeFetch(`http://dual.test:${server.port}/v1/models`, auth, { ...local, resolver });
    assert.equal(response.status, 200);
  });
  await withFake(async (server) => {
    const response = await safeFetch(`${server.url}/v1/models`, auth, local);
    assert.ok(server.url.startsWith('http://[::1]:'));
    assert.equal(response.status, 200);
  }, { hostname: '::1' });
});

Deno.test('names resolving to a private address are refused; one private answer is enough', async () => {
  const resolver = tableResolver({ 'evil.test': ['93.184.216.34', '127.0.0.1'] });
  const error = await failure(safeFetch('http://evil.test/', {}, { resolver }));
  assert.equal(error.code, 'blocked_address');
  assert.equal(error.details.address, '127.0.0.1');
});

Deno.test('a redirect to the metadata service is refused even with private endpoints allowed', async () => {
  await withFake(async (server) => {
    const error = await failure(
      safeFetch(`${server.baseUrlWith({ mode: 'redirect_metadata' })}/v1/models`, auth, local),
    );
    assert.equal(error.code, 'blocked_address');
    assert.equal(error.details.blockReason, 'metadata');
    assert.equal(server.requestCount, 1, 'only the first hop was sent');
  });
});

Deno.test('a redirect to a private address is refused when private endpoints are off', async () => {
  // A public-looking name whose redirect points at loopback: the second hop must be checked too.
  const resolver = tableResolver({ 'public.test': ['93.184.216.34'] });
  const fetchImpl: typeof fetch = (input) => {
    const url = String(input instanceof Request ? input.url : input);
    if (url.startsWith('http://public.test/')) {
      return Promise.resolve(
        new Response(null, { status: 301, headers: { location: 'http://127.0.0.1:11434/api/tags' } }),
      );
    }
    return Promise.reject(new Error(`unexpected request to ${url}`));
  };
  const error = await failure(safeFetch('http://public.test/api/tags', {}, { resolver, fetch: fetchImpl }));
  assert.equal(error.code, 'blocked_address');
  assert.equal(error.details.blockReason, 'private');
});

Deno.test('a redirect to another scheme is refused, and the error says who redirected where', async () => {
  const resolver = tableResolver({ 'public.test': ['93.184.216.34'] });
  for (const location of ['file:///etc/passwd', 'gopher://public.test/x', 'ftp://files.test/models']) {
    const sent: string[] = [];
    const fetchImpl: typeof fetch = (input) => {
      sent.push(String(input instanceof Request ? input.url : input));
      return Promise.resolve(new Response(null, { status: 302, headers: { location } }));
    };
    const error = await failure(safeFetch('http://public.test/api/tags', {}, { resolver, fetch: fetchImpl }));
    assert.equal(error.code, 'blocked_address', location);
    assert.equal(error.details.blockReason, 'scheme');
    assert.equal(error.details.redirectedFrom, 'public.test');
    assert.deepEqual(sent, ['http://public.test/api/tags'], 'nothing but the first hop');
  }
  // The first hop itself is not a redirect.
  const direct = await failure(safeFetch('file:///etc/passwd', {}, { resolver }));
  assert.equal(direct.details.redirectedFrom, undefined);
});

Deno.test('redirect loops and too many hops are refused; 3 hops are followed', async () => {
  await withFake(async (server) => {
    const loop = await failure(safeFetch(`${server.baseUrlWith({ mode: 'redirect_loop' })}/v1/models`, auth, local));
    assert.equal(loop.code, 'redirect_loop');

    const three = await safeFetch(`${server.baseUrlWith({ mode: 'redirect_chain', hops: 3 })}/v1/models`, auth, local);
    assert.equal(three.status, 200);
    assert.equal(three.redirects.length, 3);

    const four = await failure(
      safeFetch(`${server.baseUrlWith({ mode: 'redirect_chain', hops: 4 })}/v1/models`, auth, local),
    );
    assert.equal(four.code, 'too_many_redirects');
  });
});

Deno.test('same-origin redirects keep the key; cross-origin redirects drop it', async () => {
  await withFake(async (server) => {
    const same = await safeFetch(`${server.baseUrlWith({ mode: 'redirect_chain', hops: 1 })}/v1/models`, auth, local);
    assert.equal(same.status, 200);

    // Another origin (other port) that redirects to the fake: the Authorization header must not follow.
    const bouncer = Deno.serve(
      { hostname: '127.0.0.1', port: 0, onListen: () => {} },
      () => new Response(null, { status: 302, headers: { location: `${server.url}/v1/models` } }),
    );
    try {
      const crossed = await safeFetch(`http://127.0.0.1:${bouncer.addr.port}/v1/models`, auth, local);
      assert.equal(crossed.status, 401);
      assert.match(JSON.parse(crossed.body).error.message, /didn't provide an API key/);
    } finally {
      await bouncer.shutdown();
    }
  });
});

Deno.test('an oversized body is cut off at the cap without downloading it all', async () => {
  await withFake(async (server) => {
    const started = performance.now();
    const error = await failure(
      safeFetch(`${server.baseUrlWith({ mode: 'huge', hugeBytes: 200 * 1024 * 1024 })}/v1/models`, auth, {
        ...local,
        maxBytes: 1024 * 1024,
      }),
    );
    assert.equal(error.code, 'too_large');
    assert.equal(error.details.maxBytes, 1024 * 1024);
    assert.ok(performance.now() - started < 1_500, 'aborted early');
  });
});

Deno.test('a declared Content-Length over the cap is refused before reading', async () => {
  const fetchImpl: typeof fetch = () =>
    Promise.resolve(new Response('x'.repeat(10), { headers: { 'content-length': '999999999' } }));
  const error = await failure(safeFetch('http://8.8.8.8/', {}, { fetch: fetchImpl, maxBytes: 1000 }));
  assert.equal(error.code, 'too_large');
});

Deno.test('a hanging server times out at the deadline', async () => {
  await withFake(async (server) => {
    const started = performance.now();
    const error = await failure(
      safeFetch(`${server.baseUrlWith({ mode: 'hang' })}/v1/models`, auth, { ...local, timeoutMs: 300 }),
    );
    const elapsed = performance.now() - started;
    assert.equal(error.code, 'timeout');
    assert.equal(error.details.timeoutMs, 300);
    assert.ok(elapsed >= 290 && elapsed < 1_000, `took ${elapsed} ms`);
  });
});

Deno.test('a slow server within the deadline is fine', async () => {
  await withFake(async (server) => {
    const response = await safeFetch(`${server.baseUrlWith({ mode: 'slow', delayMs: 150 })}/v1/models`, auth, local);
    assert.equal(response.status, 200);
    assert.ok(response.elapsedMs >= 140);
  });
});

Deno.test('connection refused, TLS mismatch and caller abort are told apart', async () => {
  const listener = Deno.listen({ hostname: '127.0.0.1', port: 0 });
  const closedPort = (listener.addr as Deno.NetAddr).port;
  listener.close();
  const refused = await failure(safeFetch(`http://127.0.0.1:${closedPort}/`, {}, local));
  assert.equal(refused.code, 'connection_refused');

  await withFake(async (server) => {
    const tls = await failure(safeFetch(`https://127.0.0.1:${server.port}/v1/models`, auth, local));
    assert.equal(tls.code, 'tls_error');

    const controller = new AbortController();
    const pending = safeFetch(`${server.baseUrlWith({ mode: 'hang' })}/v1/models`, auth, {
      ...local,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 50);
    const aborted = await failure(pending);
    assert.equal(aborted.code, 'aborted');
  });
});

Deno.test('the fetch transport (no pinning) applies the same checks', async () => {
  await withFake(async (server) => {
    const ok = await safeFetch(`${server.url}/v1/models`, auth, { ...local, fetch: globalThis.fetch });
    assert.equal(ok.status, 200);
    const meta = await failure(
      safeFetch(`${server.baseUrlWith({ mode: 'redirect_metadata' })}/v1/models`, auth, {
        ...local,
        fetch: globalThis.fetch,
      }),
    );
    assert.equal(meta.details.blockReason, 'metadata');
    const big = await failure(
      safeFetch(`${server.baseUrlWith({ mode: 'huge' })}/v1/models`, auth, {
        ...local,
        fetch: globalThis.fetch,
        maxBytes: 100_000,
      }),
    );
    assert.equal(big.code, 'too_large');
    const hang = await failure(
      safeFetch(`${server.baseUrlWith({ mode: 'hang' })}/v1/models`, auth, {
        ...local,
        fetch: globalThis.fetch,
        timeoutMs: 200,
      }),
    );
    assert.equal(hang.code, 'timeout');
  });
});

Deno.test('a POST redirected with 303 becomes a bodiless GET', async () => {
  const seen: string[] = [];
  const fetchImpl: typeof fetch = (input, init) => {
    const url = String(input);
    seen.push(`${init?.method} ${url} body=${init?.body ?? ''}`);
    if (url.endsWith('/start')) {
      return Promise.resolve(new Response(null, { status: 303, headers: { location: '/done' } }));
    }
    return Promise.resolve(new Response('ok'));
  };
  const response = await safeFetch('http://8.8.8.8/start', { method: 'POST', body: 'payload' }, { fetch: fetchImpl });
  assert.equal(response.body, 'ok');
  assert.deepEqual(seen, ['POST http://8.8.8.8/start body=payload', 'GET http://8.8.8.8/done body=']);
});

Deno.test('the pinned transport sends any kind of request body', async () => {
  const echo = Deno.serve(
    { hostname: '127.0.0.1', port: 0, onListen: () => {} },
    async (request) =>
      new Response(`${request.method} ${request.headers.get('content-type') ?? '-'} ${await request.text()}`),
  );
  try {
    const url = `http://127.0.0.1:${echo.addr.port}/`;
    const text = await safeFetch(url, { method: 'POST', body: 'plain' }, local);
    assert.equal(text.body, 'POST text/plain;charset=UTF-8 plain');
    const form = await safeFetch(url, { method: 'POST', body: new URLSearchParams({ a: '1' }) }, local);
    assert.equal(form.body, 'POST application/x-www-form-urlencoded;charset=UTF-8 a=1');
    const json = await safeFetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new TextEncoder().encode('{"model":"x"}'),
    }, local);
    assert.equal(json.body, 'POST application/json {"model":"x"}');
    // Ollama's DELETE /api/delete names the model in its body.
    const deleted = await safeFetch(url, { method: 'DELETE', headers: { 'content-type': 'application/json' }, body: '{"model":"x"}' }, local);
    assert.equal(deleted.body, 'DELETE application/json {"model":"x"}');
  } finally {
    await echo.shutdown();
  }
});
