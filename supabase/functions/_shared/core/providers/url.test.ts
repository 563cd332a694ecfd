import assert from 'node:assert/strict';
import { joinModelsUrl } from './url.ts';

Deno.test('base URLs with or without the version prefix reach the same endpoint', () => {
  const cases: Array<[string, string, string]> = [
    ['https://api.openai.com', '/v1/models', 'https://api.openai.com/v1/models'],
    ['https://api.openai.com/v1', '/v1/models', 'https://api.openai.com/v1/models'],
    ['https://api.openai.com/v1/', '/v1/models', 'https://api.openai.com/v1/models'],
    ['https://api.groq.com', '/openai/v1/models', 'https://api.groq.com/openai/v1/models'],
    ['https://api.groq.com/openai/v1', '/openai/v1/models', 'https://api.groq.com/openai/v1/models'],
    ['https://api.groq.com/openai', '/openai/v1/models', 'https://api.groq.com/openai/v1/models'],
    ['https://openrouter.ai/api/v1', '/api/v1/models', 'https://openrouter.ai/api/v1/models'],
    ['https://api.together.xyz/v1', '/v1/models', 'https://api.together.xyz/v1/models'],
    [
      'https://generativelanguage.googleapis.com',
      '/v1beta/models',
      'https://generativelanguage.googleapis.com/v1beta/models',
    ],
    ['http://localhost:11434', '/api/tags', 'http://localhost:11434/api/tags'],
    ['http://localhost:11434/', '/api/tags', 'http://localhost:11434/api/tags'],
    ['http://localhost:1234', '/api/v0/models', 'http://localhost:1234/api/v0/models'],
    ['http://gpu-box:8000/proxy', '/v1/models', 'http://gpu-box:8000/proxy/v1/models'],
    ['http://127.0.0.1:9/__fake/mode=hang', '/v1/models', 'http://127.0.0.1:9/__fake/mode=hang/v1/models'],
    ['http://localhost:8000/v1', '/v1/models', 'http://localhost:8000/v1/models'],
    ['http://proxy.local/llm', '/v1/models', 'http://proxy.local/llm/v1/models'],
  ];
  for (const [base, path, expected] of cases) {
    assert.equal(joinModelsUrl(base, path).href, expected, `${base} + ${path}`);
  }
});

Deno.test('query parameters from the base, the path and the caller are all kept', () => {
  assert.equal(
    joinModelsUrl('https://gw.example.com/v1?tenant=a', '/v1/models?x=1', { limit: '1000' }).href,
    'https://gw.example.com/v1/models?tenant=a&x=1&limit=1000',
  );
  assert.equal(joinModelsUrl('http://gw.local/v1?tenant=a', '/v1/models?x=1').href, 'http://gw.local/v1/models?tenant=a&x=1');
});

Deno.test('chat paths join the base URL the same way (server and browser runs alike)', () => {
  assert.equal(joinModelsUrl('http://localhost:8000/v1', '/v1/chat/completions').href, 'http://localhost:8000/v1/chat/completions');
  assert.equal(joinModelsUrl('http://localhost:8000/', '/v1/chat/completions').href, 'http://localhost:8000/v1/chat/completions');
  assert.equal(joinModelsUrl('http://localhost:11434', '/api/chat').href, 'http://localhost:11434/api/chat');
});
