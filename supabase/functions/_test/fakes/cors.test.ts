import assert from 'node:assert/strict';
import { isAllowedOrigin, OLLAMA_DEFAULT_ORIGINS } from './cors.ts';
import { startFakeLmStudio } from './lmstudio.ts';
import { startFakeOllama } from './ollama.ts';
import { startFakeOpenAI } from './openai.ts';

const preflight = (url: string, origin: string) =>
  fetch(url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });

Deno.test("Ollama's default origins: local pages on any port and desktop apps, nothing else", () => {
  for (const origin of ['http://localhost', 'http://localhost:5173', 'https://127.0.0.1:4173', 'http://0.0.0.0:3000', 'app://obsidian.md', 'vscode-webview://abc']) {
    assert.equal(isAllowedOrigin(origin, OLLAMA_DEFAULT_ORIGINS), true, origin);
  }
  for (const origin of ['https://switchboard.example.com', 'http://localhost.evil.com', 'http://127.0.0.1.nip.io:80', 'null']) {
    assert.equal(isAllowedOrigin(origin, OLLAMA_DEFAULT_ORIGINS), false, origin);
  }
});

Deno.test('fake Ollama lets a local app read its answers, and refuses other origins with 403 as Ollama does', async () => {
  const server = startFakeOllama();
  try {
    const allowed = await preflight(`${server.url}/api/tags`, 'http://127.0.0.1:5173');
    await allowed.body?.cancel();
    assert.equal(allowed.status, 204);
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'http://127.0.0.1:5173');
    const tags = await fetch(`${server.url}/api/tags`, { headers: { origin: 'http://localhost:4173' } });
    assert.equal(tags.headers.get('access-control-allow-origin'), 'http://localhost:4173');
    assert.ok(Array.isArray((await tags.json()).models));

    const foreign = await fetch(`${server.url}/api/tags`, { headers: { origin: 'https://switchboard.example.com' } });
    await foreign.body?.cancel();
    assert.equal(foreign.status, 403);
    const foreignPreflight = await preflight(`${server.url}/api/generate`, 'https://switchboard.example.com');
    await foreignPreflight.body?.cancel();
    assert.equal(foreignPreflight.status, 403);

    // OLLAMA_ORIGINS-like: a test can narrow what the fake allows (here: nothing).
    server.set({ corsOrigins: [] });
    const narrowed = await fetch(`${server.url}/api/tags`, { headers: { origin: 'http://127.0.0.1:5173' } });
    await narrowed.body?.cancel();
    assert.equal(narrowed.status, 403);

    // Server-side callers send no Origin and are never affected.
    const plain = await fetch(`${server.url}/api/tags`);
    assert.equal(plain.status, 200);
    assert.equal(plain.headers.get('access-control-allow-origin'), null);
    await plain.body?.cancel();
  } finally {
    await server.close();
  }
});

Deno.test('fake OpenAI-compatible server allows any origin (vLLM, llama.cpp); fake LM Studio sends no CORS headers (off by default)', async () => {
  const openai = startFakeOpenAI({ apiKey: null });
  const lmstudio = startFakeLmStudio();
  try {
    const o = await fetch(`${openai.url}/v1/models`, { headers: { origin: 'https://switchboard.example.com' } });
    assert.equal(o.headers.get('access-control-allow-origin'), '*');
    await o.body?.cancel();
    const l = await fetch(`${lmstudio.url}/api/v0/models`, { headers: { origin: 'http://127.0.0.1:5173' } });
    assert.equal(l.status, 200);
    assert.equal(l.headers.get('access-control-allow-origin'), null);
    await l.body?.cancel();
    const lp = await preflight(`${lmstudio.url}/api/v0/models`, 'http://127.0.0.1:5173');
    assert.equal(lp.headers.get('access-control-allow-origin'), null);
    await lp.body?.cancel();
  } finally {
    await Promise.all([openai.close(), lmstudio.close()]);
  }
});
