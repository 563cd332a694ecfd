import { afterEach, describe, expect, it, vi } from 'vitest';
import { browserAdapterFor, corsAdvice, probeFromBrowser, type ProbeTarget } from './browser-probe';

const target: ProbeTarget = { kind: 'ollama', kindLabel: 'Ollama', adapter: 'ollama', baseUrl: 'http://localhost:11434', modelsPath: '/api/tags' };
const origin = 'https://switchboard.example';

function json(body: unknown, init: ResponseInit = {}) {
  return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' }, ...init });
}

afterEach(() => vi.useRealTimers());

describe('browserAdapterFor', () => {
  it('picks the parser from the kind, as data', () => {
    expect(browserAdapterFor({ id: 'ollama', discovery_adapter: 'ollama', models_path: '/api/tags' })).toBe('ollama');
    expect(browserAdapterFor({ id: 'lmstudio', discovery_adapter: 'lmstudio', models_path: '/api/v0/models' })).toBe('lmstudio');
    expect(browserAdapterFor({ id: 'custom', discovery_adapter: 'openai', models_path: null })).toBe('custom');
    expect(browserAdapterFor({ id: 'vllm', discovery_adapter: 'openai', models_path: '/v1/models' })).toBe('openai');
  });
});

describe('probeFromBrowser', () => {
  it('reports a healthy server with its models', async () => {
    const fetchImpl = vi.fn(async () => json({ models: [{ name: 'llama3.2:latest' }] }));
    let clock = 0;
    const outcome = await probeFromBrowser(target, { origin, fetchImpl, now: () => (clock += 40) });
    expect(fetchImpl).toHaveBeenCalledWith('http://localhost:11434/api/tags', expect.objectContaining({ method: 'GET', credentials: 'omit' }));
    expect(outcome).toMatchObject({ status: 'healthy', error: null, errorCode: null, partial: false, models: [{ model_id: 'llama3.2:latest' }] });
    expect(outcome.latencyMs).toBeGreaterThan(0);
  });

  it('calls a slow answer degraded', async () => {
    let clock = 0;
    const outcome = await probeFromBrowser(target, { origin, fetchImpl: async () => json({ models: [] }), now: () => (clock += 1500) });
    expect(outcome.status).toBe('degraded');
  });

  it('tells CORS apart from a server that is down, and says how to allow this app', async () => {
    const cors = vi.fn(async (_url: RequestInfo | URL, init?: RequestInit) => {
      if (init?.mode === 'no-cors') return new Response(null, { status: 200 });
      throw new TypeError('Failed to fetch');
    });
    const blocked = await probeFromBrowser(target, { origin, fetchImpl: cors as typeof fetch });
    expect(blocked).toMatchObject({ status: 'unhealthy', errorCode: 'cors_blocked' });
    expect(blocked.error).toContain(`set OLLAMA_ORIGINS=${origin} and restart Ollama`);

    const down = await probeFromBrowser(target, {
      origin,
      fetchImpl: async () => {
        throw new TypeError('Failed to fetch');
      },
    });
    expect(down).toMatchObject({ status: 'unhealthy', errorCode: 'network_error' });
    expect(down.error).toContain('could not reach localhost:11434');
    expect(down.error).toContain('OLLAMA_ORIGINS');
  });

  it('gives LM Studio and other servers their own advice', () => {
    expect(corsAdvice('lmstudio', origin)).toContain('enable CORS in the server settings');
    expect(corsAdvice('vllm', origin)).toContain(`Allow requests from ${origin}`);
  });

  it('explains mixed content for plain-http LAN servers on an https page', async () => {
    const outcome = await probeFromBrowser(
      { ...target, baseUrl: 'http://192.168.1.9:11434' },
      {
        origin,
        secureContext: true,
        fetchImpl: async () => {
          throw new TypeError('Failed to fetch');
        },
      },
    );
    expect(outcome.error).toContain('served over https');
  });

  it('times out after 5 s', async () => {
    vi.useFakeTimers();
    const hang = (_url: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
    const pending = probeFromBrowser(target, { origin, fetchImpl: hang as typeof fetch });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await pending).toMatchObject({ status: 'unhealthy', errorCode: 'timeout', latencyMs: null, error: 'localhost:11434 did not answer within 5 s. Check that the server is running and not overloaded.' });
  });

  it('reports being cut short by its caller as not checked', async () => {
    const controller = new AbortController();
    const hang = (_url: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('Aborted', 'AbortError'))));
    const pending = probeFromBrowser(target, { origin, signal: controller.signal, fetchImpl: hang as typeof fetch });
    controller.abort();
    expect(await pending).toMatchObject({ status: 'unknown', errorCode: 'timeout' });
  });

  it.each([
    [new Response('{"error":"unauthorized"}', { status: 401 }), 'invalid_key', 'unhealthy', 'checked from the server'],
    [new Response('404 page not found', { status: 404 }), 'http_error', 'unhealthy', 'has nothing at /api/tags'],
    [new Response('', { status: 429, headers: { 'retry-after': '7' } }), 'rate_limited', 'degraded', 'Try again in 7 seconds.'],
    [new Response('{"error":"boom"}', { status: 500 }), 'http_error', 'unhealthy', 'HTTP 500'],
    [new Response('<!doctype html><p>It works', { status: 200, headers: { 'content-type': 'text/html' } }), 'bad_response', 'unhealthy', 'web page instead of JSON'],
    [new Response('{"models":[{"name":"a"', { status: 200 }), 'bad_response', 'unhealthy', 'not valid JSON'],
    [json({ data: [] }), 'bad_response', 'unhealthy', 'not a Ollama model list'],
  ])('maps an answer to a sentence (%#)', async (response, code, status, text) => {
    const outcome = await probeFromBrowser(target, { origin, fetchImpl: async () => response });
    expect(outcome).toMatchObject({ errorCode: code, status, models: null });
    expect(outcome.error).toContain(text);
  });
});
