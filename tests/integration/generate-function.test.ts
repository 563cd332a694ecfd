/**
 * The generate function through the local stack: the answer streams through the gateway as it is
 * written (not buffered to the end), the run is recorded for its owner only, and another user or
 * an anonymous caller cannot run prompts on someone else's connection.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeServers, type FakeServers } from '../../scripts/testing/fake-servers.ts';
import { anonKey, createClientAs, createDiscoveredOllama, createTestUser, functionsUrl, serviceRoleKey, type TestUser } from './support/stack.ts';

const LLAMA = 'llama3.2:latest';

let fakes: FakeServers;
let alice: TestUser;
let bob: TestUser;
let connectionId: string;

function generate(user: TestUser | null, body: unknown, signal?: AbortSignal): Promise<Response> {
  const headers: Record<string, string> = { apikey: anonKey, 'content-type': 'application/json', accept: 'application/x-ndjson' };
  if (user) headers.Authorization = `Bearer ${user.session.access_token}`;
  return fetch(`${functionsUrl}/generate`, { method: 'POST', headers, body: JSON.stringify(body), signal });
}

beforeAll(async () => {
  fakes = await startFakeServers({ models: 5 });
  [alice, bob] = await Promise.all([createTestUser(), createTestUser()]);
  connectionId = await createDiscoveredOllama(alice, fakes.ollama);
});

afterAll(async () => {
  await fakes?.stop();
  const admin = createClientAs(serviceRoleKey);
  for (const user of [alice, bob]) if (user) await admin.auth.admin.deleteUser(user.user.id);
});

describe('generate function', () => {
  it('streams tokens through the gateway as they are written, and records the run and the usage', async () => {
    await fakes.set('ollama', { tokenDelayMs: 150 });
    const started = performance.now();
    const response = await generate(alice, { connection_id: connectionId, model_id: LLAMA, prompt: 'Stream to me' });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    let firstTokenAt = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      if (!firstTokenAt && text.includes('"type":"token"')) firstTokenAt = performance.now() - started;
    }
    const total = performance.now() - started;
    // 11 tokens 150 ms apart: the first arrives long before the last.
    expect(firstTokenAt).toBeLessThan(total - 800);
    const events = text.trim().split('\n').map((line) => JSON.parse(line) as { type: string; generation_id?: string });
    expect(events.at(-1)!.type).toBe('done');

    const { data } = await alice.client.from('generations').select('status, output, completion_tokens, first_token_ms').eq('id', events[0]!.generation_id!).single();
    expect(data).toMatchObject({ status: 'completed', output: `This is a fake answer from ${LLAMA} to: Stream to me`, completion_tokens: 11 });
    const usage = await alice.client.from('models').select('request_count, last_used_at').eq('connection_id', connectionId).eq('model_id', LLAMA).single();
    expect(usage.data?.request_count).toBe(1);
    expect(usage.data?.last_used_at).not.toBeNull();
    await fakes.set('ollama', { tokenDelayMs: 20 });
  });

  it('refuses another user and an anonymous caller, and records nothing for them', async () => {
    const asBob = await generate(bob, { connection_id: connectionId, model_id: LLAMA, prompt: 'Not yours' });
    expect(asBob.status).toBe(404);
    expect(((await asBob.json()) as { error: { code: string } }).error.code).toBe('not_found');
    expect((await generate(null, { connection_id: connectionId, model_id: LLAMA, prompt: 'Anyone?' })).status).toBe(401);
    expect((await bob.client.from('generations').select('id')).data).toEqual([]);
    const alices = await alice.client.from('generations').select('prompt');
    expect((alices.data ?? []).map((g) => g.prompt)).not.toContain('Not yours');
  });

  it('refuses a prompt, model id or system prompt Postgres cannot store with a 400 naming the field, and records nothing', async () => {
    const before = (await alice.client.from('generations').select('id')).data!.length;
    const valid = { connection_id: connectionId, model_id: LLAMA, prompt: 'Hello' };
    for (const [patch, field] of [
      [{ prompt: '\u0000' }, 'prompt'],
      [{ prompt: 'half \ud800' }, 'prompt'],
      [{ model_id: 'llama\u0000' }, 'model_id'],
      [{ system_prompt: '\udc00 be brief' }, 'system_prompt'],
    ] as const) {
      const response = await generate(alice, { ...valid, ...patch });
      expect(response.status, field).toBe(400);
      const { error } = (await response.json()) as { error: { code: string; message: string } };
      expect(error.code).toBe('invalid_request');
      expect(error.message.startsWith(`${field} contains`), error.message).toBe(true);
    }
    expect((await alice.client.from('generations').select('id')).data!.length).toBe(before);
  });

  it('ends the stream with a blocked_address error line when the provider redirects somewhere forbidden, and records the run as an error', async () => {
    const { data, error } = await alice.client.from('connections')
      .insert({ kind: 'ollama', name: 'Redirecting Ollama', base_url: `${fakes.ollama}/__fake/mode=redirect_metadata` })
      .select('id').single();
    if (error) throw error;
    const response = await generate(alice, { connection_id: data.id, model_id: LLAMA, prompt: 'Where do you go?' });
    expect(response.status).toBe(200);
    const events = (await response.text()).trim().split('\n').map((line) => JSON.parse(line) as { type: string; generation_id?: string; error?: { code: string; message: string } });
    const last = events.at(-1)!;
    expect(last.type).toBe('error');
    expect(last.error!.code).toBe('blocked_address');
    expect(last.error!.message).toMatch(/redirected to 169\.254\.169\.254, a cloud metadata service/);
    const stored = await alice.client.from('generations').select('status, error').eq('id', events[0]!.generation_id!).single();
    expect(stored.data).toEqual({ status: 'error', error: last.error!.message });
  });

  it('records a cancelled run when the caller goes away mid-stream', async () => {
    await fakes.set('ollama', { tokenDelayMs: 300 });
    const controller = new AbortController();
    const response = await generate(alice, { connection_id: connectionId, model_id: LLAMA, prompt: 'Cancel me' }, controller.signal);
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    await reader.cancel().catch(() => undefined);
    let status = 'streaming';
    for (let i = 0; i < 50 && status === 'streaming'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const { data } = await alice.client.from('generations').select('status').eq('prompt', 'Cancel me').single();
      status = data?.status ?? status;
    }
    expect(status).toBe('cancelled');
    await fakes.set('ollama', { tokenDelayMs: 20 });
  });
});
