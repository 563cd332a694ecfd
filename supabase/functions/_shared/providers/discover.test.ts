import assert from 'node:assert/strict';
import anthropicPage1 from '../core/providers/fixtures/anthropic.models.page1.json' with { type: 'json' };
import anthropicPage2 from '../core/providers/fixtures/anthropic.models.page2.json' with { type: 'json' };
import { startFakeOllama } from '../../_test/fakes/ollama.ts';
import { FAKE_OPENAI_KEY, startFakeOpenAI } from '../../_test/fakes/openai.ts';
import { buildModelsRequest, discoverModels } from './discover.ts';
import { targetFor } from './target.ts';
import type { ConnectionTarget } from '../core/providers/types.ts';

const local = { allowPrivate: true, timeoutMs: 2_000 };

function openAiTarget(baseUrl: string, apiKey: string | null = FAKE_OPENAI_KEY): ConnectionTarget {
  return {
    kind: 'openai_compatible',
    adapter: 'openai',
    baseUrl,
    modelsPath: '/v1/models',
    authScheme: 'bearer',
    apiKey,
  };
}

function ollamaTarget(baseUrl: string): ConnectionTarget {
  return { kind: 'ollama', adapter: 'ollama', baseUrl, modelsPath: '/api/tags', authScheme: 'bearer', apiKey: null };
}

Deno.test('requests carry the key the way the kind says', () => {
  const bearer = buildModelsRequest({ ...openAiTarget('https://api.openai.com/v1'), apiKey: 'sk-1' });
  assert.equal(bearer.url.href, 'https://api.openai.com/v1/models');
  assert.equal(bearer.headers.get('authorization'), 'Bearer sk-1');

  const anthropic = buildModelsRequest({
    kind: 'anthropic',
    adapter: 'anthropic',
    baseUrl: 'https://api.anthropic.com',
    modelsPath: '/v1/models',
    authScheme: 'header',
    authName: 'x-api-key',
    defaultHeaders: { 'anthropic-version': '2023-06-01' },
    apiKey: 'sk-ant-1',
  }, 'claude-x');
  assert.equal(anthropic.url.href, 'https://api.anthropic.com/v1/models?limit=1000&after_id=claude-x');
  assert.equal(anthropic.headers.get('x-api-key'), 'sk-ant-1');
  assert.equal(anthropic.headers.get('anthropic-version'), '2023-06-01');
  assert.equal(anthropic.headers.get('authorization'), null);
  assert.deepEqual(anthropic.sensitiveHeaders, ['x-api-key']);

  const gemini = buildModelsRequest({
    kind: 'gemini',
    adapter: 'gemini',
    baseUrl: 'https://generativelanguage.googleapis.com',
    modelsPath: '/v1beta/models',
    authScheme: 'header',
    authName: 'x-goog-api-key',
    apiKey: 'AIza-1',
  });
  assert.equal(gemini.url.href, 'https://generativelanguage.googleapis.com/v1beta/models?pageSize=1000');
  assert.equal(gemini.headers.get('x-goog-api-key'), 'AIza-1');

  const query = buildModelsRequest({
    ...openAiTarget('https://x.example'),
    authScheme: 'query',
    authName: 'key',
    apiKey: 'k1',
  });
  assert.equal(query.url.searchParams.get('key'), 'k1');

  const none = buildModelsRequest(ollamaTarget('http://localhost:11434'));
  assert.equal(none.headers.get('authorization'), null, 'no key, no header');
});

Deno.test('discovers an Ollama server over HTTP', async () => {
  const server = startFakeOllama();
  try {
    const result = await discoverModels(ollamaTarget(server.url), local);
    assert.ok(result.ok);
    assert.equal(result.models.length, 5);
    assert.equal(result.models[0].modelId, 'llama3.2:latest');
    assert.equal(result.partial, false);
    assert.equal(result.url, `${server.url}/api/tags`);
    assert.ok(result.latencyMs >= 0);
  } finally {
    await server.close();
  }
});

Deno.test('discovers an OpenAI-compatible server, base URL with or without /v1', async () => {
  const server = startFakeOpenAI();
  try {
    for (const base of [server.url, `${server.url}/v1`]) {
      const result = await discoverModels(openAiTarget(base), local);
      assert.ok(result.ok, base);
      assert.deepEqual(result.models.map((m) => m.modelId), [
        'gpt-4o',
        'gpt-4o-mini',
        'text-embedding-3-small',
        'whisper-1',
        'o3-mini',
      ]);
    }
  } finally {
    await server.close();
  }
});

Deno.test('failures from the fake servers map to readable errors', async () => {
  const openai = startFakeOpenAI();
  const ollama = startFakeOllama();
  try {
    const cases: Array<[ConnectionTarget, string, RegExp]> = [
      [
        openAiTarget(openai.url, 'sk-wrong'),
        'invalid_key',
        /API key was rejected \(HTTP 401: Incorrect API key provided/,
      ],
      [openAiTarget(openai.url, null), 'invalid_key', /needs an API key/],
      [openAiTarget(openai.baseUrlWith({ mode: 'server_error' })), 'http_error', /HTTP 500/],
      [
        openAiTarget(openai.baseUrlWith({ mode: 'rate_limited', retryAfterSeconds: 9 })),
        'rate_limited',
        /Try again in 9 seconds/,
      ],
      [openAiTarget(openai.baseUrlWith({ mode: 'malformed' })), 'bad_response', /could not be read/],
      [openAiTarget(openai.baseUrlWith({ mode: 'html' })), 'bad_response', /web page/],
      [openAiTarget(openai.baseUrlWith({ mode: 'redirect_metadata' })), 'blocked_address', /metadata/],
      [openAiTarget(openai.baseUrlWith({ mode: 'redirect_loop' })), 'http_error', /loop/],
      [openAiTarget(openai.baseUrlWith({ mode: 'hang' })), 'timeout', /within 0\.3 s/],
      [ollamaTarget(ollama.baseUrlWith({ mode: 'not_found' })), 'http_error', /HTTP 404.*ends in \/v1/],
      [ollamaTarget(ollama.baseUrlWith({ mode: 'huge' })), 'bad_response', /larger than 1 MB/],
      [openAiTarget(ollama.url), 'http_error', /HTTP 404/], // wrong kind: an Ollama server has no /v1/models
      [ollamaTarget(openai.baseUrlWith({ apiKey: null })), 'http_error', /HTTP 404/],
    ];
    for (const [target, code, pattern] of cases) {
      const result = await discoverModels(target, { ...local, timeoutMs: 300, maxBytes: 1024 * 1024 });
      assert.ok(!result.ok, target.baseUrl);
      assert.equal(result.error.code, code, target.baseUrl);
      assert.match(result.error.message, pattern, target.baseUrl);
    }
    const blocked = await discoverModels(ollamaTarget(ollama.url), { allowPrivate: false });
    assert.ok(!blocked.ok);
    assert.equal(blocked.error.code, 'blocked_address');
  } finally {
    await openai.close();
    await ollama.close();
  }
});

/** A fetch double that serves canned pages by query string, recording every URL. */
function pagedFetch(pages: Record<string, unknown>, seen: string[]): typeof fetch {
  return (input) => {
    const url = new URL(String(input));
    seen.push(url.pathname + url.search);
    const body = pages[url.search];
    return Promise.resolve(
      body === undefined ? new Response('{"error":"no such page"}', { status: 500 }) : Response.json(body),
    );
  };
}

const anthropicTarget: ConnectionTarget = {
  kind: 'anthropic',
  adapter: 'anthropic',
  baseUrl: 'https://api.anthropic.com',
  modelsPath: '/v1/models',
  authScheme: 'header',
  authName: 'x-api-key',
  defaultHeaders: { 'anthropic-version': '2023-06-01' },
  apiKey: 'sk-ant-test',
};
const publicDns = () => Promise.resolve(['160.79.104.10']);

Deno.test('Anthropic pagination is followed to the last page', async () => {
  const seen: string[] = [];
  const fetchImpl = pagedFetch({
    '?limit=1000': anthropicPage1,
    '?limit=1000&after_id=claude-3-5-haiku-20241022': anthropicPage2,
  }, seen);
  const result = await discoverModels(anthropicTarget, { fetch: fetchImpl, resolver: publicDns });
  assert.ok(result.ok);
  assert.equal(result.pages, 2);
  assert.equal(result.partial, false);
  assert.deepEqual(result.models.map((m) => m.modelId), [
    'claude-sonnet-4-20250514',
    'claude-3-5-haiku-20241022',
    'claude-opus-4-1-20250805',
  ]);
  assert.deepEqual(seen, ['/v1/models?limit=1000', '/v1/models?limit=1000&after_id=claude-3-5-haiku-20241022']);
});

Deno.test('a failing later page gives a partial list; maxPages bounds the loop', async () => {
  const seen: string[] = [];
  const failing = await discoverModels(anthropicTarget, {
    fetch: pagedFetch({ '?limit=1000': anthropicPage1 }, seen),
    resolver: publicDns,
  });
  assert.ok(failing.ok);
  assert.equal(failing.partial, true);
  assert.equal(failing.models.length, 2);
  assert.equal(failing.pageError?.code, 'http_error');

  // A server whose cursor always moves on: stopped after maxPages.
  let n = 0;
  const endless: typeof fetch = () =>
    Promise.resolve(Response.json({ data: [{ id: `m${n}` }], has_more: true, last_id: `m${n++}` }));
  const bounded = await discoverModels(anthropicTarget, { fetch: endless, resolver: publicDns, maxPages: 4 });
  assert.ok(bounded.ok);
  assert.equal(bounded.pages, 4);
  assert.equal(bounded.partial, true);
  assert.equal(n, 4);
});

Deno.test('a key sent in the query string is masked in the reported URL', async () => {
  const target: ConnectionTarget = {
    kind: 'custom',
    adapter: 'custom',
    baseUrl: 'https://models.example.com',
    modelsPath: '/list',
    authScheme: 'query',
    authName: 'key',
    apiKey: 'secret-key-123',
  };
  const result = await discoverModels(target, {
    fetch: () => Promise.resolve(Response.json(['a'])),
    resolver: publicDns,
  });
  assert.ok(result.ok);
  assert.equal(result.url, 'https://models.example.com/list?key=***');
});

Deno.test('targetFor merges the kind row and the connection row', () => {
  const anthropicKind = {
    id: 'anthropic',
    default_base_url: 'https://api.anthropic.com',
    models_path: '/v1/models',
    auth_scheme: 'header',
    auth_header: 'x-api-key',
    default_headers: { 'anthropic-version': '2023-06-01' },
    discovery_adapter: 'anthropic',
  };
  assert.deepEqual(
    targetFor(anthropicKind, { kind: 'anthropic', base_url: null, models_path: null, auth_header: null }, 'k'),
    {
      kind: 'anthropic',
      adapter: 'anthropic',
      baseUrl: 'https://api.anthropic.com',
      modelsPath: '/v1/models',
      authScheme: 'header',
      authName: 'x-api-key',
      defaultHeaders: { 'anthropic-version': '2023-06-01' },
      apiKey: 'k',
    },
  );
  const customKind = {
    ...anthropicKind,
    id: 'custom',
    default_base_url: null,
    models_path: null,
    auth_scheme: 'bearer',
    auth_header: null,
    default_headers: {},
    discovery_adapter: 'custom',
  };
  const custom = targetFor(customKind, {
    kind: 'custom',
    base_url: 'http://box:9000',
    models_path: '/models',
    auth_header: 'X-Token',
  }, 't');
  assert.equal(custom.authScheme, 'header');
  assert.equal(custom.authName, 'X-Token');
  assert.equal(custom.modelsPath, '/models');
  assert.throws(
    () => targetFor(customKind, { kind: 'custom', base_url: 'http://box', models_path: null, auth_header: null }, null),
    /models path/,
  );
  assert.throws(
    () =>
      targetFor({ ...customKind, discovery_adapter: 'soap' }, {
        kind: 'custom',
        base_url: 'http://b',
        models_path: '/m',
        auth_header: null,
      }, null),
    /unknown discovery adapter/,
  );
});
