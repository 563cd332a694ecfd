/**
 * The connection Edge Functions (lockbox, discovery, health, server-config) through the local
 * stack: gateway, verify_jwt, the functions host, PostgREST and Postgres, with the fake Ollama and
 * OpenAI servers (serve-fakes.ts, real HTTP on loopback) as the providers.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../scripts/stack/instance.ts';
import { startFakeServers, type FakeServers } from '../../scripts/testing/fake-servers.ts';
import { functionSecrets } from '../../scripts/stack/supervisor/functions.ts';
import { anonKey, createClientAs, createTestUser, functionsUrl, instance, serviceRoleKey, type TestUser, withDb } from './support/stack.ts';

const exec = promisify(execFile);
const PG_DUMP = '/usr/lib/postgresql/15/bin/pg_dump';
const TSX = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');

// --- Calling the functions ---------------------------------------------------------------------
interface CallOptions {
  token?: string | null;
  method?: string;
  accept?: string;
  raw?: string;
}

async function call(name: string, body: unknown, options: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { apikey: anonKey, 'content-type': 'application/json' };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (options.accept) headers.Accept = options.accept;
  const method = options.method ?? 'POST';
  return fetch(`${functionsUrl}/${name}`, {
    method,
    headers,
    body: method === 'GET' ? undefined : (options.raw ?? JSON.stringify(body)),
  });
}

async function callJson(name: string, user: TestUser, body: unknown, options: CallOptions = {}) {
  const response = await call(name, body, { token: user.session.access_token, ...options });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

async function createConnection(user: TestUser, fields: Record<string, unknown>): Promise<{ id: string; name: string }> {
  const { data, error } = await user.client.from('connections').insert(fields).select('id, name').single();
  if (error) throw new Error(`creating a connection failed: ${error.message}`);
  return data;
}

// --- Fixtures ----------------------------------------------------------------------------------
let fakes: FakeServers;
let alice: TestUser;
let bob: TestUser;
const users: TestUser[] = [];
const KEY = `sk-integration-${randomBytes(12).toString('hex')}`;

beforeAll(async () => {
  fakes = await startFakeServers({ models: 5 });
  [alice, bob] = await Promise.all([createTestUser(), createTestUser()]);
  users.push(alice, bob);
});

afterAll(async () => {
  await fakes?.stop();
  const admin = createClientAs(serviceRoleKey);
  for (const user of users) await admin.auth.admin.deleteUser(user.user.id);
});

// --- lockbox -----------------------------------------------------------------------------------
describe('lockbox', () => {
  let connectionId: string;

  beforeAll(async () => {
    ({ id: connectionId } = await createConnection(alice, { kind: 'vllm', name: 'Keyed vLLM', base_url: fakes.openai }));
  });

  it('stores a key the browser can never read back: only the hint, through connection_keys', async () => {
    const set = await callJson('lockbox', alice, { action: 'set', connection_id: connectionId, api_key: KEY });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ connection_id: connectionId, hint: KEY.slice(-4), key_version: 1, updated_at: expect.any(String) });
    expect(JSON.stringify(set.body)).not.toContain(KEY);

    for (const columns of ['ciphertext', 'iv', '*']) {
      const { data, error } = await alice.client.from('connection_secrets').select(columns).eq('connection_id', connectionId);
      expect(data, columns).toBeNull();
      expect(error?.code, columns).toBe('42501');
    }
    const keys = await alice.client.from('connection_keys').select('*').eq('connection_id', connectionId);
    expect(keys.error).toBeNull();
    expect(keys.data).toEqual([{ owner_id: alice.user.id, connection_id: connectionId, hint: KEY.slice(-4), created_at: expect.any(String), updated_at: set.body.updated_at }]);

    // What is stored is ciphertext (service role only), and the audit trail names the hint alone.
    const stored = await createClientAs(serviceRoleKey).from('connection_secrets').select('ciphertext, iv, key_version').eq('connection_id', connectionId).single();
    expect(stored.data!.iv).toMatch(/^\\x[0-9a-f]{24}$/);
    expect(stored.data!.ciphertext).not.toContain(Buffer.from(KEY).toString('hex'));
    const audit = await alice.client.from('audit_events').select('action, actor_role, details').eq('entity_id', connectionId).eq('action', 'key_set');
    expect(audit.data).toEqual([{ action: 'key_set', actor_role: 'service_role', details: { hint: KEY.slice(-4), key_version: 1 } }]);
  });

  it('leaves no plaintext key in a database dump', async () => {
    const { stdout } = await exec(PG_DUMP, ['-h', '127.0.0.1', '-p', String(instance.dbPort), '-U', 'postgres', '-d', 'postgres'], {
      env: { ...process.env, PGPASSWORD: 'postgres' },
      maxBuffer: 256 * 1024 * 1024,
    });
    expect(stdout).toContain(connectionId); // the dump has the row...
    expect(stdout).toContain('COPY public.connection_secrets');
    expect(stdout).not.toContain(KEY); // ...but not the key, in any table
    expect(stdout).not.toContain(KEY.slice(0, 20));
    expect(stdout).not.toContain(Buffer.from(KEY).toString('hex'));
    expect(stdout).not.toContain(Buffer.from(KEY).toString('base64'));
  });

  it('lets nobody else set, read or delete my key (404, nothing changes)', async () => {
    const before = await alice.client.from('connection_keys').select('hint, updated_at').eq('connection_id', connectionId).single();
    for (const body of [
      { action: 'set', connection_id: connectionId, api_key: 'sk-attacker-key-0000' },
      { action: 'delete', connection_id: connectionId },
    ]) {
      const response = await callJson('lockbox', bob, body);
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('not_found');
    }
    const theirView = await bob.client.from('connection_keys').select('*').eq('connection_id', connectionId);
    expect(theirView.data).toEqual([]);
    const after = await alice.client.from('connection_keys').select('hint, updated_at').eq('connection_id', connectionId).single();
    expect(after.data).toEqual(before.data);
  });

  it('replaces and removes a key', async () => {
    const replaced = await callJson('lockbox', alice, { action: 'set', connection_id: connectionId, api_key: 'sk-replacement-key-7777' });
    expect(replaced.body.hint).toBe('7777');
    const removed = await callJson('lockbox', alice, { action: 'delete', connection_id: connectionId });
    expect(removed.body).toEqual({ connection_id: connectionId, deleted: true });
    const keys = await alice.client.from('connection_keys').select('*').eq('connection_id', connectionId);
    expect(keys.data).toEqual([]);
    const audit = await alice.client.from('audit_events').select('action').eq('entity_id', connectionId).order('id');
    expect(audit.data!.map((e) => e.action)).toEqual(['created', 'key_set', 'key_replaced', 'key_removed']);
  });
});

// --- discovery ---------------------------------------------------------------------------------
describe('discovery', () => {
  it('fills the models of an Ollama connection and marks the ones that disappear unavailable', async () => {
    const { id } = await createConnection(alice, { kind: 'ollama', name: 'Fake Ollama', base_url: fakes.ollama });
    const first = await callJson('discovery', alice, { connection_id: id });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ connection_id: id, added: 5, updated: 0, marked_unavailable: 0, available: 5, key_source: 'none', partial: false, status: 'healthy' });

    // The server now lists 3 models (a per-request mode prefix on the same fake).
    await alice.client.from('connections').update({ base_url: `${fakes.ollama}/__fake/models=3` }).eq('id', id);
    const second = await callJson('discovery', alice, { connection_id: id });
    expect(second.body).toMatchObject({ added: 0, updated: 3, marked_unavailable: 2, available: 3 });

    const models = await alice.client.from('models').select('model_id, available, capabilities').eq('connection_id', id).order('model_id');
    expect(models.data).toHaveLength(5);
    expect(models.data!.filter((m) => !m.available).map((m) => m.model_id).sort()).toEqual(['gemma3:4b', 'llava:13b']);
    expect(models.data!.find((m) => m.model_id === 'nomic-embed-text:latest')!.capabilities).toEqual(['embedding']);
    const connection = await alice.client.from('connections').select('model_count, health_status, models_refreshed_at').eq('id', id).single();
    expect(connection.data).toMatchObject({ model_count: 3, health_status: 'healthy', models_refreshed_at: second.body.refreshed_at });
    const checks = await alice.client.from('health_checks').select('status, source, model_count').eq('connection_id', id).order('id');
    expect(checks.data).toEqual([
      { status: 'healthy', source: 'server', model_count: 5 },
      { status: 'healthy', source: 'server', model_count: 3 },
    ]);
  });

  it('uses the lockbox key, and maps the provider\'s 401 to invalid_key with a sentence', async () => {
    const { id } = await createConnection(alice, { kind: 'vllm', name: 'Fake OpenAI', base_url: fakes.openai });
    const noKey = await callJson('discovery', alice, { connection_id: id });
    expect(noKey.status).toBe(502);
    expect(noKey.body.error.code).toBe('invalid_key');
    expect(noKey.body.error.message).toMatch(/needs an API key \(HTTP 401: You didn't provide an API key/);

    await callJson('lockbox', alice, { action: 'set', connection_id: id, api_key: 'sk-wrong-key-1234' });
    const wrong = await callJson('discovery', alice, { connection_id: id });
    expect(wrong.status).toBe(502);
    expect(wrong.body).toEqual({
      error: { code: 'invalid_key', message: expect.stringMatching(/^The API key was rejected \(HTTP 401: Incorrect API key provided: .*\)\. Check that it is correct/) },
    });
    expect(wrong.body.error.message).not.toContain('sk-wrong-key-1234');
    const connection = await alice.client.from('connections').select('health_status, health_error_code, health_error').eq('id', id).single();
    expect(connection.data).toEqual({ health_status: 'unhealthy', health_error_code: 'invalid_key', health_error: wrong.body.error.message });

    await callJson('lockbox', alice, { action: 'set', connection_id: id, api_key: fakes.openaiKey });
    const right = await callJson('discovery', alice, { connection_id: id });
    expect(right.status).toBe(200);
    expect(right.body).toMatchObject({ added: 5, key_source: 'user' });
  });

  it('answers a redirect the SSRF rules refuse with 422 blocked_address (the stored URL is at fault), recorded as unhealthy', async () => {
    const { id } = await createConnection(alice, { kind: 'ollama', name: 'Redirects to metadata', base_url: `${fakes.ollama}/__fake/mode=redirect_metadata` });
    const refused = await callJson('discovery', alice, { connection_id: id });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('blocked_address');
    expect(refused.body.error.message).toMatch(/^127\.0\.0\.1:\d+ redirected to 169\.254\.169\.254, a cloud metadata service/);
    const connection = await alice.client.from('connections').select('health_status, health_error_code').eq('id', id).single();
    expect(connection.data).toEqual({ health_status: 'unhealthy', health_error_code: 'blocked_address' });
  });

  it('refuses a key that cannot be sent in a header (NUL, a lone surrogate, non-ASCII) with a 400 naming the field, never a 500', async () => {
    const { id } = await createConnection(alice, { kind: 'vllm', name: 'Odd keys', base_url: fakes.openai });
    for (const apiKey of ['sk-\u0000-nul', 'sk-\ud800-half', 'sk-ключ-1234']) {
      const response = await callJson('lockbox', alice, { action: 'set', connection_id: id, api_key: apiKey });
      expect(response.status, apiKey).toBe(400);
      expect(response.body.error).toEqual({ code: 'invalid_request', message: expect.stringMatching(/^api_key contains /) });
    }
    expect((await alice.client.from('connection_keys').select('hint').eq('connection_id', id)).data).toEqual([]);
  });

  it('refuses browser-probed connections (409) and other people\'s connections (404, nothing recorded)', async () => {
    const browser = await createConnection(alice, { kind: 'ollama', name: 'Laptop Ollama', base_url: fakes.ollama, probe_from: 'browser' });
    const refused = await callJson('discovery', alice, { connection_id: browser.id });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('browser_probe');

    const mine = await createConnection(alice, { kind: 'ollama', name: 'Private Ollama', base_url: fakes.ollama });
    for (const [fn, body] of [['discovery', { connection_id: mine.id }], ['health', { connection_ids: [mine.id] }]] as const) {
      const response = await callJson(fn, bob, body);
      expect(response.status, fn).toBe(404);
      expect(response.body.error.code).toBe('not_found');
    }
    const checks = await createClientAs(serviceRoleKey).from('health_checks').select('id').eq('connection_id', mine.id);
    expect(checks.data).toEqual([]);
  });
});

// --- health ------------------------------------------------------------------------------------
describe('health', () => {
  let carol: TestUser;
  const hanging = new Set<string>();

  beforeAll(async () => {
    carol = await createTestUser();
    users.push(carol);
    const rows = Array.from({ length: 20 }, (_, i) => ({
      kind: 'ollama',
      name: `Server ${String(i).padStart(2, '0')}`,
      base_url: i % 4 === 3 ? `${fakes.ollama}/__fake/mode=hang` : fakes.ollama,
    }));
    const { data, error } = await carol.client.from('connections').insert(rows).select('id, base_url');
    if (error) throw new Error(error.message);
    for (const row of data) if (row.base_url.includes('hang')) hanging.add(row.id);
    expect(hanging.size).toBe(5);
  });

  it('checks all 20 connections, 5 of them hanging, within the timeout (5 s) plus 1 s', async () => {
    const started = performance.now();
    const response = await callJson('health', carol, {});
    const elapsed = performance.now() - started;
    expect(response.status).toBe(200);
    expect(elapsed).toBeLessThan(5_000 + 1_000);
    const results = response.body.results as Array<{ connection_id: string; status: string; error_code?: string; latency_ms: number | null }>;
    expect(results).toHaveLength(20);
    for (const result of results) {
      if (hanging.has(result.connection_id)) expect(result).toMatchObject({ status: 'unhealthy', error_code: 'timeout', latency_ms: null });
      else expect(result).toMatchObject({ status: 'healthy', model_count: 5 });
    }
    expect(response.body.summary).toMatchObject({ total: 20, healthy: 15, unhealthy: 5, degraded: 0, unknown: 0 });
    const connections = await carol.client.from('connections').select('id, health_status, health_error_code');
    for (const c of connections.data!) expect(c.health_status).toBe(hanging.has(c.id) ? 'unhealthy' : 'healthy');
    const checks = await carol.client.from('health_checks').select('id', { count: 'exact', head: true });
    expect(checks.count).toBe(20);
  });

  it('streams NDJSON progress ("7 of 20") as checks finish, within the requested timeout', async () => {
    const started = performance.now();
    const response = await call('health', { timeout_ms: 2_000 }, { token: carol.session.access_token, accept: 'application/x-ndjson' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    const lines: Array<{ at: number; line: Record<string, unknown> }> = [];
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let newline;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        lines.push({ at: performance.now() - started, line: JSON.parse(buffer.slice(0, newline)) });
        buffer = buffer.slice(newline + 1);
      }
    }
    expect(performance.now() - started).toBeLessThan(2_000 + 1_000);
    expect(lines[0].line).toEqual({ type: 'start', total: 20, skipped: [] });
    const results = lines.filter((l) => l.line.type === 'result');
    expect(results.map((l) => l.line.done)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(lines.at(-1)!.line).toMatchObject({ type: 'summary', total: 20, healthy: 15, unhealthy: 5 });
    // The 15 answers arrived well before the hanging ones gave up: a progress bar moves.
    expect(results[14].at).toBeLessThan(1_500);
    expect(results[15].at).toBeGreaterThan(1_500);
  });
});

// --- server-config -----------------------------------------------------------------------------
describe('server-config', () => {
  it('says which kinds have a server key (booleans only) and what the deployment allows', async () => {
    for (const method of ['GET', 'POST']) {
      const response = await callJson('server-config', alice, {}, { method });
      expect(response.status).toBe(200);
      expect(response.body.allow_private_endpoints).toBe(true);
      expect(response.body.lockbox_available).toBe(true);
      expect(Object.keys(response.body.server_keys)).toEqual(expect.arrayContaining(['openai', 'anthropic', 'gemini', 'ollama', 'custom']));
      expect(Object.values(response.body.server_keys).every((v) => typeof v === 'boolean')).toBe(true);
    }
  });
});

// --- What every function refuses -----------------------------------------------------------------
describe('every connection function', () => {
  const FUNCTIONS = ['lockbox', 'discovery', 'health', 'server-config'];

  it('refuses a request without a JWT (401) and a token that names no user (401 unauthorized)', async () => {
    for (const name of FUNCTIONS) {
      const missing = await call(name, {}, { token: null });
      expect(missing.status, name).toBe(401);
      const anon = await call(name, {}, { token: anonKey });
      expect(anon.status, name).toBe(401);
      expect(await anon.json(), name).toEqual({ error: { code: 'unauthorized', message: expect.stringMatching(/^Sign in first/) } });
    }
  });

  it('answers bad input with 400 and the error shape, never 500', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    const cases: Array<[string, unknown, RegExp, string?]> = [
      ['lockbox', {}, /action must be "set" or "delete"/],
      ['lockbox', { action: 'set', connection_id: 'x', api_key: 'k' }, /connection_id must be a connection id/],
      ['lockbox', { action: 'set', connection_id: id, api_key: '' }, /api_key is empty/],
      ['lockbox', { action: 'set', connection_id: id, api_key: 'a\nb' }, /control character/],
      ['lockbox', null, /not valid JSON/, '{"action":'],
      ['discovery', { connection_id: id, timeout_ms: 99_999 }, /timeout_ms must be at most 30000/],
      ['discovery', { connectionId: id }, /connection_id|connectionId/],
      ['health', { connection_ids: 'all' }, /connection_ids must be an array/],
      ['health', { connection_ids: ['nope'] }, /connection ids \(UUIDs\)/],
      ['health', { timeout_ms: 100 }, /timeout_ms must be at least 1000/],
      ['health', [], /JSON object/],
    ];
    for (const [name, body, message, raw] of cases) {
      const response = await callJson(name, alice, body, raw ? { raw } : {});
      expect(response.status, `${name} ${raw ?? JSON.stringify(body)}`).toBe(400);
      expect(response.body).toEqual({ error: { code: 'invalid_request', message: expect.stringMatching(message) } });
    }
    const unknown = await callJson('discovery', alice, { connection_id: id });
    expect(unknown.status).toBe(404);
    const wrongMethod = await callJson('lockbox', alice, {}, { method: 'GET' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.body.error.code).toBe('method_not_allowed');
  });

  it('limits each user: 429 with Retry-After, without affecting anyone else', async () => {
    const dave = await createTestUser();
    users.push(dave);
    let limited: Awaited<ReturnType<typeof callJson>> | undefined;
    // 30 per minute in fixed windows: within 61 requests one window must overflow.
    for (let i = 0; i < 61 && !limited; i++) {
      const response = await callJson('health', dave, { connection_ids: [] });
      if (response.status === 429) limited = response;
      else expect(response.status).toBe(200);
    }
    expect(limited).toBeDefined();
    expect(limited!.body).toEqual({ error: { code: 'rate_limited', message: expect.stringMatching(/^Too many requests\. Try again in \d+ seconds?\.$/) } });
    const retryAfter = Number(limited!.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const other = await callJson('health', alice, { connection_ids: [] });
    expect(other.status).toBe(200);
  });
});

// --- Rotation (last: it moves keys to a master key the running functions do not have). Scoped to
// one user with --owner, because other suites (Playwright) may store keys in the same instance. ---
describe('npm run lockbox:rotate', () => {
  it('re-encrypts every stored key under the newest master key version, idempotently', async () => {
    const { id } = await createConnection(alice, { kind: 'vllm', name: 'Rotated', base_url: fakes.openai });
    await callJson('lockbox', alice, { action: 'set', connection_id: id, api_key: fakes.openaiKey });
    const current = functionSecrets(instance, () => {}).LOCKBOX_KEYS!;
    const env = { ...process.env, LOCKBOX_KEYS: `2:${randomBytes(32).toString('base64')},${current}` };
    const rotate = () => exec(TSX, ['scripts/lockbox-rotate.ts', '--instance', instance.name, '--owner', alice.user.id], { cwd: REPO_ROOT, env });

    const first = await rotate();
    expect(first.stdout).toMatch(/Re-encrypted: [1-9]\d*\./);
    expect(first.stdout).not.toContain(fakes.openaiKey);
    const versions = await withDb((db) => db.query<{ key_version: number }>('select distinct key_version from public.connection_secrets where owner_id = $1', [alice.user.id]));
    expect(versions.rows).toEqual([{ key_version: 2 }]);
    const second = await rotate();
    expect(second.stdout, `${first.stdout}\n---\n${second.stdout}`).toContain('Re-encrypted: 0.');

    // The running functions only know version 1: the key is reported unreadable, not sent wrong.
    const after = await callJson('discovery', alice, { connection_id: id });
    expect(after.status).toBe(409);
    expect(after.body.error.code).toBe('key_unreadable');
    await withDb((db) => db.query('delete from public.connection_secrets where owner_id = $1', [alice.user.id]));
  }, 60_000);
});
