import assert from 'node:assert/strict';
import { resolveApiKey } from './keys.ts';

const env = (vars: Record<string, string>) => (name: string) => vars[name];

Deno.test('the lockbox key wins, then the server key for the kind, then none', () => {
  const secrets = env({ OPENAI_API_KEY: 'sk-server', ANTHROPIC_API_KEY: 'sk-ant-server' });
  assert.deepEqual(resolveApiKey({ kind: 'openai', lockboxKey: 'sk-user', env: secrets }), {
    key: 'sk-user',
    source: 'user',
  });
  assert.deepEqual(resolveApiKey({ kind: 'openai', lockboxKey: null, env: secrets }), {
    key: 'sk-server',
    source: 'server',
    envName: 'OPENAI_API_KEY',
  });
  assert.deepEqual(resolveApiKey({ kind: 'groq', env: secrets }), { key: null, source: 'none' });
});

Deno.test('every cloud kind has its server variable', () => {
  const kinds: Record<string, string> = {
    openai: 'OPENAI_API_KEY',
    anthropic: 'ANTHROPIC_API_KEY',
    openrouter: 'OPENROUTER_API_KEY',
    requesty: 'REQUESTY_API_KEY',
    groq: 'GROQ_API_KEY',
    mistral: 'MISTRAL_API_KEY',
    gemini: 'GEMINI_API_KEY',
    together: 'TOGETHER_API_KEY',
  };
  for (const [kind, variable] of Object.entries(kinds)) {
    const resolved = resolveApiKey({ kind, env: env({ [variable]: `key-for-${kind}` }) });
    assert.deepEqual(resolved, { key: `key-for-${kind}`, source: 'server', envName: variable }, kind);
  }
});

Deno.test('self-hosted kinds never receive a deployment key', () => {
  const secrets = env({ OPENAI_API_KEY: 'sk-server' });
  for (const kind of ['ollama', 'lmstudio', 'vllm', 'llamacpp', 'openai_compatible', 'custom']) {
    assert.deepEqual(resolveApiKey({ kind, env: secrets }), { key: null, source: 'none' }, kind);
  }
  // provider_kinds.server_key_env = null says the same explicitly, even for a cloud-looking kind.
  assert.deepEqual(resolveApiKey({ kind: 'openai', serverKeyEnv: null, env: secrets }), { key: null, source: 'none' });
});

Deno.test('the kind row can name another variable; blank values count as unset', () => {
  assert.deepEqual(resolveApiKey({ kind: 'acme', serverKeyEnv: 'ACME_KEY', env: env({ ACME_KEY: 'k' }) }), {
    key: 'k',
    source: 'server',
    envName: 'ACME_KEY',
  });
  assert.deepEqual(resolveApiKey({ kind: 'openai', lockboxKey: '  ', env: env({ OPENAI_API_KEY: '   ' }) }), {
    key: null,
    source: 'none',
  });
});
