/**
 * The runtime function through the local stack (gateway, verify_jwt, functions host, PostgREST,
 * Postgres) against the fake Ollama on loopback: what it stores is what the user's other devices
 * read, and another user or an anonymous caller can neither control nor see a server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeServers, type FakeServers } from '../../scripts/testing/fake-servers.ts';
import { anonKey, createClientAs, createDiscoveredOllama, createTestUser, functionsUrl, serviceRoleKey, type TestUser } from './support/stack.ts';

const LLAMA = 'llama3.2:latest';

let fakes: FakeServers;
let alice: TestUser;
let bob: TestUser;
let connectionId: string;

async function call(user: TestUser | null, body: unknown): Promise<Response> {
  const headers: Record<string, string> = { apikey: anonKey, 'content-type': 'application/json' };
  if (user) headers.Authorization = `Bearer ${user.session.access_token}`;
  return fetch(`${functionsUrl}/runtime`, { method: 'POST', headers, body: JSON.stringify(body) });
}

async function loadedOnServer(): Promise<string[]> {
  const ps = (await (await fetch(`${fakes.ollama}/api/ps`)).json()) as { models: { name: string }[] };
  return ps.models.map((m) => m.name);
}

async function storedStatus(user: TestUser, modelId: string) {
  const { data, error } = await user.client.from('models').select('runtime_status, runtime_error, runtime_memory_bytes').eq('connection_id', connectionId).eq('model_id', modelId).maybeSingle();
  if (error) throw error;
  return data;
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

describe('runtime function', () => {
  it('loads a model on the owner’s server and stores "running" where the owner’s other devices read it', async () => {
    const response = await call(alice, { connection_id: connectionId, action: 'load', model_id: LLAMA, keep_alive: '10m' });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { model: { status: string } }).model.status).toBe('running');
    expect(await loadedOnServer()).toEqual([LLAMA]);
    // A second device (its own session) sees it in the table.
    const laptop = createClientAs(anonKey);
    await laptop.auth.signInWithPassword({ email: alice.email, password: alice.password });
    const { data } = await laptop.from('models').select('runtime_status, runtime_memory_bytes').eq('model_id', LLAMA).single();
    expect(data).toMatchObject({ runtime_status: 'running' });
    expect(Number(data!.runtime_memory_bytes)).toBeGreaterThan(0);
  });

  it('refuses another user and an anonymous caller without touching the server or the stored status', async () => {
    const before = await storedStatus(alice, LLAMA);
    const asBob = await call(bob, { connection_id: connectionId, action: 'unload', model_id: LLAMA });
    expect(asBob.status).toBe(404);
    expect(((await asBob.json()) as { error: { code: string } }).error.code).toBe('not_found');
    expect((await call(null, { connection_id: connectionId, action: 'unload', model_id: LLAMA })).status).toBe(401);
    expect(await loadedOnServer()).toEqual([LLAMA]);

    // Straight at the table: Bob's update matches no row, and he reads nothing of Alice's.
    const update = await bob.client.from('models').update({ runtime_status: 'idle' }).eq('connection_id', connectionId).select('model_id');
    expect(update.error).toBeNull();
    expect(update.data).toEqual([]);
    expect((await bob.client.from('models').select('model_id').eq('connection_id', connectionId)).data).toEqual([]);
    expect(await storedStatus(alice, LLAMA)).toEqual(before);
  });

  it('reads a server that is down as a status (200, the reason, the last known statuses); acting on it is a 502', async () => {
    await fakes.setMode('ollama', 'server_error');
    try {
      const response = await call(alice, { connection_id: connectionId, action: 'status' });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { reachable: boolean; error: { code: string; message: string }; models: { model_id: string; status: string; last_known: boolean; status_at: string | null }[] };
      expect(body.reachable).toBe(false);
      expect(body.error.code).toBe('http_error');
      expect(body.error.message).toMatch(/HTTP 500/);
      const llama = body.models.find((m) => m.model_id === LLAMA);
      expect(llama).toMatchObject({ status: 'running', last_known: true });
      expect(Date.parse(llama!.status_at!)).not.toBeNaN();
      expect(await storedStatus(alice, LLAMA)).toMatchObject({ runtime_status: 'running' });

      const unload = await call(alice, { connection_id: connectionId, action: 'unload', model_id: LLAMA });
      expect(unload.status).toBe(502);
      expect(((await unload.json()) as { error: { message: string } }).error.message).toMatch(/could not unload/);
    } finally {
      await fakes.setMode('ollama', 'ok');
    }
  });

  it('answers bad input with a 400 that says what to fix', async () => {
    const response = await call(alice, { connection_id: connectionId, action: 'load' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/model_id is required/);
    // A model id Postgres cannot store (it filters the stored row by it) is a 400 too, not a 500.
    const nul = await call(alice, { connection_id: connectionId, action: 'unload', model_id: 'llama\u0000' });
    expect(nul.status).toBe(400);
    expect(((await nul.json()) as { error: { message: string } }).error.message).toMatch(/^model_id contains a NUL character/);
  });

  it('keeps presets private: Bob neither reads Alice’s nor points his at her connection', async () => {
    const mine = await alice.client.from('model_presets').insert({ name: 'Alice fast', connection_id: connectionId, model_id: LLAMA, temperature: 0.2 }).select('id').single();
    expect(mine.error).toBeNull();
    expect((await bob.client.from('model_presets').select('id')).data).toEqual([]);
    const stolen = await bob.client.from('model_presets').insert({ name: 'Borrowed', connection_id: connectionId, model_id: LLAMA });
    expect(stolen.error?.code).toBe('23503');
    const edited = await bob.client.from('model_presets').update({ temperature: 1.9 }).eq('id', mine.data!.id).select('id');
    expect(edited.data).toEqual([]);
    expect((await alice.client.from('model_presets').select('temperature').eq('id', mine.data!.id).single()).data).toEqual({ temperature: 0.2 });
  });
});
