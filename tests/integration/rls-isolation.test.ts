/**
 * Isolation between accounts, proven from the outside: two real users signed in through the auth
 * service, talking to the running stack through supabase-js (gateway -> PostgREST -> Postgres),
 * as the app does. The pgTAP suite proves the same per table from inside the database; this test
 * proves the deployed path honours it.
 *
 * Alice owns one of everything. Bob, with a session of his own, reads, changes, deletes, inserts
 * and calls RPCs aimed at her rows; the anon key tries the same with no session. After every
 * attack Alice's rows are compared, in full, with what they were before (read straight from the
 * database, so columns the API hides count too): what she would notice is that nothing happened.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { PostgrestError, SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonKey, createClientAs, createTestUser, serviceRoleKey, withDb, type TestUser } from './support/stack.ts';

// Everything a user owns, by owner_id. provider_kinds is the shared, read-only catalogue.
const OWNED_TABLES = [
  'connections',
  'connection_secrets',
  'health_checks',
  'models',
  'favorite_models',
  'preference_revisions',
  'model_presets',
  'audit_events',
  'generations',
  'generation_favorites',
  'collections',
  'collection_items',
  'rate_limit_counters',
] as const;
const VIEWS = ['connection_keys', 'model_catalog', 'collections_with_counts'] as const;
const SHARED = ['provider_kinds'];
type Relation = (typeof OWNED_TABLES)[number] | (typeof VIEWS)[number];
const RELATIONS: Relation[] = [...OWNED_TABLES, ...VIEWS];

/** What a signed-in user may select: everything, except the lockbox's ciphertext and IV. */
const selectable = (relation: Relation) => (relation === 'connection_secrets' ? 'owner_id, connection_id, hint, created_at, updated_at' : '*');

const PERMISSION_DENIED = '42501';
const FOREIGN_KEY_VIOLATION = '23503';
// model_catalog joins tables, so it cannot take writes at all and Postgres says so before it checks
// privileges. collections_with_counts reads one table, so it is updatable in principle and the
// refusal is the missing privilege (signed-in users may only select from it).
const VIEW_NOT_UPDATABLE = '55000';
const writeRefusal = (relation: Relation) => (relation === 'model_catalog' ? VIEW_NOT_UPDATABLE : PERMISSION_DENIED);

let alice: TestUser;
let bob: TestUser;
let anon: SupabaseClient;
const a = { connection: '', preset: '', generation: '', otherGeneration: '', collection: '' };
const b = { connection: '', generation: '', collection: '' };

function must<T>(result: { data: T; error: PostgrestError | null }, what: string): NonNullable<T> {
  if (result.error || result.data === null || result.data === undefined) {
    throw new Error(`${what} failed: ${result.error?.message ?? 'no data'}`);
  }
  return result.data as NonNullable<T>;
}

async function createEverything(user: TestUser, label: string) {
  const client = user.client;
  const connection = must(
    await client.from('connections').insert({ kind: 'ollama', name: `${label} Ollama`, base_url: 'http://localhost:11434', probe_from: 'browser' }).select('id').single(),
    `${label}: create connection`,
  ).id as string;
  must(
    await client.rpc('sync_connection_models', {
      connection_id: connection,
      models: [
        { model_id: 'llama3.1:8b', context_length: 131072, capabilities: ['chat', 'tools'] },
        { model_id: 'qwen2.5:7b', context_length: 32768, capabilities: ['chat'] },
      ],
    }),
    `${label}: sync models`,
  );
  must(await client.rpc('set_model_favorite', { connection_id: connection, model_id: 'llama3.1:8b', favorite: true }), `${label}: star`);
  const prefs = must(await client.rpc('get_model_preferences'), `${label}: read preferences`) as { revision: number };
  must(
    await client.rpc('save_model_preferences', {
      expected_revision: prefs.revision,
      changes: [{ connection_id: connection, model_id: 'qwen2.5:7b', enabled: false }],
    }),
    `${label}: save preferences`,
  );
  must(
    await client.from('health_checks').insert({ connection_id: connection, status: 'healthy', latency_ms: 12, model_count: 2, source: 'browser' }).select('id'),
    `${label}: record a health check`,
  );
  const preset = must(
    await client.from('model_presets').insert({ name: `${label} preset`, connection_id: connection, model_id: 'llama3.1:8b', temperature: 0.7 }).select('id').single(),
    `${label}: create preset`,
  ).id as string;
  const generations = must(
    await client
      .from('generations')
      .insert([
        { connection_id: connection, preset_id: preset, model_id: 'llama3.1:8b', prompt: `${label}: a haiku about llamas`, output: 'Soft wool in the rain', status: 'completed' },
        { connection_id: connection, model_id: 'qwen2.5:7b', prompt: `${label}: explain RLS`, output: 'Rows meet policies.', status: 'completed' },
      ])
      .select('id, model_id')
      .order('model_id'),
    `${label}: record generations`,
  ) as { id: string }[];
  must(await client.rpc('set_generation_favorite', { generation_id: generations[0]!.id, favorite: true }), `${label}: heart`);
  const collection = must(await client.from('collections').insert({ title: `${label} picks` }).select('id').single(), `${label}: create collection`).id as string;
  must(await client.rpc('add_generation_to_collection', { collection_id: collection, generation_id: generations[0]!.id }), `${label}: collect`);

  // Server-side parts, as the Edge Functions write them with the service role key.
  const admin = createClientAs(serviceRoleKey);
  must(
    await admin
      .from('connection_secrets')
      .insert({ connection_id: connection, ciphertext: `\\x${randomBytes(40).toString('hex')}`, iv: `\\x${randomBytes(12).toString('hex')}`, key_version: 1, hint: 'ab12' })
      .select('connection_id'),
    `${label}: store a key`,
  );
  must(await admin.rpc('consume_rate_limit', { user_id: user.user.id, bucket: 'probe', max_requests: 10, window_seconds: 3600 }), `${label}: count a request`);

  return { connection, preset, generation: generations[0]!.id, otherGeneration: generations[1]!.id, collection };
}

/** Every row a user owns, in every table, exactly as stored (ciphertext and caches included). */
async function storedRowsOf(userId: string): Promise<Record<string, unknown[]>> {
  return withDb(async (db) => {
    const rows: Record<string, unknown[]> = {};
    for (const table of OWNED_TABLES) {
      const result = await db.query(
        `select coalesce(jsonb_agg(to_jsonb(t) order by to_jsonb(t)::text), '[]'::jsonb) as rows from public.${table} t where t.owner_id = $1`,
        [userId],
      );
      rows[table] = result.rows[0].rows;
    }
    return rows;
  });
}

/** Runs an attack and proves Alice's stored data is exactly what it was before it. */
async function leavesAliceUnchanged(attack: () => Promise<void>): Promise<void> {
  const before = await storedRowsOf(alice.user.id);
  await attack();
  expect(await storedRowsOf(alice.user.id)).toEqual(before);
}

beforeAll(async () => {
  [alice, bob] = await Promise.all([createTestUser(), createTestUser()]);
  anon = createClientAs(anonKey);
  Object.assign(a, await createEverything(alice, 'Alice'));
  const mine = await createEverything(bob, 'Bob');
  Object.assign(b, { connection: mine.connection, generation: mine.generation, collection: mine.collection });
});

afterAll(async () => {
  const admin = createClientAs(serviceRoleKey);
  for (const user of [alice, bob]) if (user) await admin.auth.admin.deleteUser(user.user.id);
});

describe('the test covers the whole schema', () => {
  it('names every table and view in public (add new ones here)', async () => {
    const relations = await withDb((db) =>
      db.query<{ relname: string }>(
        `select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'f') order by c.relname`,
      ),
    );
    expect(relations.rows.map((r) => r.relname)).toEqual([...RELATIONS, ...SHARED].sort());
  });

  it('gives Alice rows in every table and view, so "Bob sees nothing" below means something', async () => {
    for (const relation of RELATIONS) {
      const { data, error } = await alice.client.from(relation).select(selectable(relation));
      expect(error, relation).toBeNull();
      expect(data!.length, `${relation} should hold Alice's rows`).toBeGreaterThan(0);
      expect(data!.every((row) => (row as unknown as { owner_id: string }).owner_id === alice.user.id), relation).toBe(true);
    }
  });
});

describe('another signed-in user (Bob)', () => {
  it('reads only his own rows from every table and view, and nothing when he asks for Alice\'s', async () => {
    for (const relation of RELATIONS) {
      const all = await bob.client.from(relation).select(selectable(relation));
      expect(all.error, relation).toBeNull();
      expect(all.data!.length, relation).toBeGreaterThan(0);
      expect(all.data!.every((row) => (row as unknown as { owner_id: string }).owner_id === bob.user.id), relation).toBe(true);

      const hers = await bob.client.from(relation).select(selectable(relation)).eq('owner_id', alice.user.id);
      expect(hers, relation).toMatchObject({ error: null, data: [] });
    }
    for (const [relation, column, id] of [
      ['connections', 'id', a.connection],
      ['models', 'connection_id', a.connection],
      ['model_presets', 'id', a.preset],
      ['generations', 'id', a.generation],
      ['collections', 'id', a.collection],
      ['collection_items', 'collection_id', a.collection],
      ['audit_events', 'entity_id', a.connection],
    ] as const) {
      expect(await bob.client.from(relation).select('*').eq(column, id), `${relation}.${column}`).toMatchObject({ error: null, data: [] });
    }
  });

  it('cannot read the ciphertext or IV of any key, his own or Alice\'s (nor can Alice)', async () => {
    for (const user of [bob, alice]) {
      for (const columns of ['ciphertext', 'iv', '*']) {
        const { data, error } = await user.client.from('connection_secrets').select(columns);
        expect(data, columns).toBeNull();
        expect(error?.code, columns).toBe(PERMISSION_DENIED);
      }
    }
    const hint = await alice.client.from('connection_keys').select('connection_id, hint');
    expect(hint).toMatchObject({ error: null, data: [{ connection_id: a.connection, hint: 'ab12' }] });
  });

  it('cannot change Alice\'s rows: updates match nothing, or are refused where nobody may update', async () => {
    const matchNothing: [Relation, Record<string, unknown>][] = [
      ['connections', { name: 'Taken over by Bob', base_url: 'https://evil.example' }],
      ['models', { enabled: true, display_name: 'Bob was here' }],
      ['model_presets', { temperature: 2 }],
      ['generations', { output: 'Bob was here', status: 'error' }],
      ['collections', { title: 'Bob was here' }],
    ];
    const refused: [Relation, Record<string, unknown>][] = [
      ['connection_secrets', { hint: 'zzzz' }],
      ['health_checks', { status: 'unhealthy' }],
      ['favorite_models', { model_id: 'qwen2.5:7b' }],
      ['preference_revisions', { revision: 99 }],
      ['audit_events', { action: 'deleted' }],
      ['generation_favorites', { generation_id: a.otherGeneration }],
      ['collection_items', { generation_id: a.otherGeneration }],
      ['rate_limit_counters', { request_count: 0 }],
      ['connection_keys', { hint: 'zzzz' }],
      ['model_catalog', { enabled: false }],
      ['collections_with_counts', { title: 'Bob was here' }],
    ];
    expect([...matchNothing, ...refused].map(([relation]) => relation).sort()).toEqual([...RELATIONS].sort());
    await leavesAliceUnchanged(async () => {
      for (const [relation, patch] of matchNothing) {
        const result = await bob.client.from(relation).update(patch).eq('owner_id', alice.user.id).select('owner_id');
        expect(result, relation).toMatchObject({ error: null, data: [] });
      }
      for (const [relation, patch] of refused) {
        const result = await bob.client.from(relation).update(patch).eq('owner_id', alice.user.id);
        expect(result.error?.code, relation).toBe(writeRefusal(relation));
      }
    });
  });

  it('cannot delete Alice\'s rows: deletes match nothing, or are refused where nobody may delete', async () => {
    const matchNothing: Relation[] = [
      'connections',
      'health_checks',
      'models',
      'favorite_models',
      'model_presets',
      'generations',
      'generation_favorites',
      'collections',
      'collection_items',
    ];
    const refused: Relation[] = ['connection_secrets', 'preference_revisions', 'audit_events', 'rate_limit_counters', ...VIEWS];
    expect([...matchNothing, ...refused].sort()).toEqual([...RELATIONS].sort());
    await leavesAliceUnchanged(async () => {
      for (const relation of matchNothing) {
        const result = await bob.client.from(relation).delete().eq('owner_id', alice.user.id).select('owner_id');
        expect(result, relation).toMatchObject({ error: null, data: [] });
      }
      for (const relation of refused) {
        const result = await bob.client.from(relation).delete().eq('owner_id', alice.user.id);
        expect(result.error?.code, relation).toBe(writeRefusal(relation));
      }
    });
  });

  it('cannot insert rows owned by Alice into any table', async () => {
    const now = new Date().toISOString();
    const forged: [Relation, Record<string, unknown>][] = [
      ['connections', { kind: 'ollama', name: 'Forged', base_url: 'http://localhost:11434' }],
      ['connection_secrets', { connection_id: a.connection, ciphertext: `\\x${'00'.repeat(40)}`, iv: `\\x${'00'.repeat(12)}`, key_version: 1 }],
      ['health_checks', { connection_id: a.connection, status: 'unhealthy', source: 'server' }],
      ['models', { connection_id: a.connection, model_id: 'forged-model' }],
      ['favorite_models', { connection_id: a.connection, model_id: 'qwen2.5:7b' }],
      ['preference_revisions', { revision: 50 }],
      ['model_presets', { name: 'Forged preset' }],
      ['audit_events', { actor_role: 'authenticated', entity_type: 'connection', entity_id: a.connection, action: 'deleted' }],
      ['generations', { model_id: 'llama3.1:8b', prompt: 'forged' }],
      ['generation_favorites', { generation_id: a.otherGeneration }],
      ['collections', { title: 'Forged collection' }],
      ['collection_items', { collection_id: a.collection, generation_id: a.otherGeneration }],
      ['rate_limit_counters', { bucket: 'probe', window_start: now, request_count: 0 }],
    ];
    expect(forged.map(([table]) => table).sort()).toEqual([...OWNED_TABLES].sort());
    await leavesAliceUnchanged(async () => {
      for (const [table, row] of forged) {
        const result = await bob.client.from(table).insert({ ...row, owner_id: alice.user.id });
        expect(result.error?.code, table).toBe(PERMISSION_DENIED);
        expect(result.status, table).toBe(403);
      }
    });
  });

  it('cannot make his own rows point at Alice\'s connection, preset, generation or collection', async () => {
    const pointing: [Relation, Record<string, unknown>][] = [
      ['models', { connection_id: a.connection, model_id: 'sneaky-model' }],
      ['favorite_models', { connection_id: a.connection, model_id: 'llama3.1:8b' }],
      ['health_checks', { connection_id: a.connection, status: 'healthy', source: 'server' }],
      ['model_presets', { name: 'Sneaky preset', connection_id: a.connection, model_id: 'llama3.1:8b' }],
      ['generations', { connection_id: a.connection, model_id: 'llama3.1:8b', prompt: 'on her connection' }],
      ['generations', { preset_id: a.preset, model_id: 'llama3.1:8b', prompt: 'from her preset' }],
      ['generation_favorites', { generation_id: a.otherGeneration }],
      ['collection_items', { collection_id: a.collection, generation_id: b.generation }],
      ['collection_items', { collection_id: b.collection, generation_id: a.otherGeneration }],
    ];
    await leavesAliceUnchanged(async () => {
      for (const [table, row] of pointing) {
        const result = await bob.client.from(table).insert(row);
        expect(result.error?.code, `${table} ${JSON.stringify(row)}`).toBe(FOREIGN_KEY_VIOLATION);
      }
      // Nor by moving one of his own rows over.
      const moved = await bob.client.from('model_presets').update({ connection_id: a.connection }).eq('owner_id', bob.user.id);
      expect(moved.error?.code).toBe(FOREIGN_KEY_VIOLATION);
    });
    // Her ids are refused exactly like ids that exist nowhere: the error tells him nothing.
    const hers = await bob.client.from('generation_favorites').insert({ generation_id: a.otherGeneration });
    const nobodys = await bob.client.from('generation_favorites').insert({ generation_id: randomUUID() });
    expect(hers.error?.code).toBe(nobodys.error?.code);
    expect(hers.error?.message).toBe(nobodys.error?.message);
  });

  it('cannot use the RPCs on Alice\'s ids', async () => {
    const bobRevision = (must(await bob.client.rpc('get_model_preferences'), 'Bob reads preferences') as { revision: number }).revision;
    await leavesAliceUnchanged(async () => {
      const refusedAsNotFound = [
        await bob.client.rpc('set_model_favorite', { connection_id: a.connection, model_id: 'qwen2.5:7b', favorite: true }),
        await bob.client.rpc('set_generation_favorite', { generation_id: a.otherGeneration, favorite: true }),
        await bob.client.rpc('add_generation_to_collection', { collection_id: b.collection, generation_id: a.otherGeneration }),
        await bob.client.rpc('add_generation_to_collection', { collection_id: a.collection, generation_id: b.generation }),
        await bob.client.rpc('save_model_preferences', {
          expected_revision: bobRevision,
          changes: [
            { connection_id: b.connection, model_id: 'llama3.1:8b', enabled: false },
            { connection_id: a.connection, model_id: 'qwen2.5:7b', enabled: true },
          ],
        }),
        await bob.client.rpc('sync_connection_models', { connection_id: a.connection, models: [{ model_id: 'planted-by-bob' }] }),
      ];
      for (const [i, result] of refusedAsNotFound.entries()) {
        expect(result.error?.code, `call ${i}`).toBe('PT404');
        expect(result.status, `call ${i}`).toBe(404);
      }
      // Unstarring, unhearting and removing are idempotent: aimed at her rows they do nothing.
      expect(await bob.client.rpc('set_model_favorite', { connection_id: a.connection, model_id: 'llama3.1:8b', favorite: false })).toMatchObject({ error: null, data: false });
      expect(await bob.client.rpc('set_generation_favorite', { generation_id: a.generation, favorite: false })).toMatchObject({ error: null, data: false });
      expect(await bob.client.rpc('remove_generation_from_collection', { collection_id: a.collection, generation_id: a.generation })).toMatchObject({ error: null, data: false });
      // Server-only.
      const quota = await bob.client.rpc('consume_rate_limit', { user_id: alice.user.id, bucket: 'probe', max_requests: 1, window_seconds: 3600 });
      expect(quota.error?.code).toBe(PERMISSION_DENIED);
    });

    // The refused save was all or nothing: his own half was not applied either.
    const after = must(await bob.client.rpc('get_model_preferences'), 'Bob reads preferences') as {
      revision: number;
      models: { connection_id: string; model_id: string; enabled: boolean }[];
    };
    expect(after.revision).toBe(bobRevision);
    expect(after.models.every((m) => m.connection_id === b.connection)).toBe(true);
    expect(after.models.find((m) => m.model_id === 'llama3.1:8b')?.enabled).toBe(true);

    // Listing generations through the RPC never reaches hers, whatever filter names her ids.
    for (const args of [{}, { collection_id: a.collection }, { connection_id: a.connection }, { favorites_only: true }]) {
      const page = await bob.client.rpc('list_generations', args);
      expect(page.error, JSON.stringify(args)).toBeNull();
      expect((page.data as { owner_id: string }[]).every((g) => g.owner_id === bob.user.id), JSON.stringify(args)).toBe(true);
    }
    const inHerCollection = await bob.client.rpc('list_generations', { collection_id: a.collection });
    expect(inHerCollection.data).toEqual([]);
  });
});

describe('the anon key without a session', () => {
  it('is refused every table and view', async () => {
    for (const relation of [...RELATIONS, ...SHARED]) {
      const { data, error } = await anon.from(relation).select('*').limit(1);
      expect(data, relation).toBeNull();
      expect(error?.code, relation).toBe(PERMISSION_DENIED);
    }
  });

  it('cannot write anything or call any RPC', async () => {
    await leavesAliceUnchanged(async () => {
      const writes = [
        await anon.from('connections').insert({ owner_id: alice.user.id, kind: 'ollama', name: 'Anon', base_url: 'http://localhost:11434' }),
        await anon.from('generations').update({ output: 'anon was here' }).eq('id', a.generation),
        await anon.from('collections').delete().eq('id', a.collection),
      ];
      for (const [i, result] of writes.entries()) expect(result.error?.code, `write ${i}`).toBe(PERMISSION_DENIED);

      const calls: [string, Record<string, unknown>][] = [
        ['set_model_favorite', { connection_id: a.connection, model_id: 'llama3.1:8b', favorite: false }],
        ['get_model_preferences', {}],
        ['save_model_preferences', { expected_revision: 1, changes: [] }],
        ['sync_connection_models', { connection_id: a.connection, models: [] }],
        ['set_generation_favorite', { generation_id: a.generation, favorite: false }],
        ['add_generation_to_collection', { collection_id: a.collection, generation_id: a.otherGeneration }],
        ['remove_generation_from_collection', { collection_id: a.collection, generation_id: a.generation }],
        ['list_generations', {}],
        ['consume_rate_limit', { user_id: alice.user.id, bucket: 'probe', max_requests: 1 }],
      ];
      for (const [fn, args] of calls) {
        const result = await anon.rpc(fn, args);
        expect(result.data, fn).toBeNull();
        expect(result.error?.code, fn).toBe(PERMISSION_DENIED);
      }
    });
  });
});

describe('afterwards, Alice', () => {
  it('still sees everything she made, as she made it', async () => {
    const catalog = await alice.client.from('model_catalog').select('model_id, enabled, is_favorite').order('model_id');
    expect(catalog).toMatchObject({
      error: null,
      data: [
        { model_id: 'llama3.1:8b', enabled: true, is_favorite: true },
        { model_id: 'qwen2.5:7b', enabled: false, is_favorite: false },
      ],
    });
    const connection = await alice.client.from('connections').select('name, base_url, model_count').eq('id', a.connection).single();
    expect(connection).toMatchObject({ error: null, data: { name: 'Alice Ollama', base_url: 'http://localhost:11434', model_count: 2 } });
    const generations = await alice.client.rpc('list_generations', {});
    expect((generations.data as { output: string }[]).map((g) => g.output).sort()).toEqual(['Rows meet policies.', 'Soft wool in the rain']);
    const collections = await alice.client.from('collections_with_counts').select('title, item_count');
    expect(collections).toMatchObject({ error: null, data: [{ title: 'Alice picks', item_count: 1 }] });
    const prefs = must(await alice.client.rpc('get_model_preferences'), 'Alice reads preferences') as { revision: number };
    expect(prefs.revision).toBe(1);
  });
});
