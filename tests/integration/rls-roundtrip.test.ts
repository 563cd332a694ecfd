/**
 * Row-level security through the real path the app uses: supabase-js → gateway → PostgREST →
 * Postgres, as two different users. A scratch table with owner-based policies written the way the
 * project's migrations write them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonKey, createClientAs, createTestUser, restUrl, serviceRoleKey, withDb, type TestUser } from './support/stack.ts';

const TABLE = 'rls_roundtrip_notes';
let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  await withDb(async (db) => {
    await db.query(`drop table if exists public.${TABLE}`);
    await db.query(`
      create table public.${TABLE} (
        id bigint generated always as identity primary key,
        owner_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
        body text not null
      );
      create index on public.${TABLE} (owner_id);
      alter table public.${TABLE} enable row level security;
      revoke all on public.${TABLE} from anon;
      create policy "Owners can read their notes" on public.${TABLE} for select to authenticated using ((select auth.uid()) = owner_id);
      create policy "Owners can add notes" on public.${TABLE} for insert to authenticated with check ((select auth.uid()) = owner_id);
      create policy "Owners can change their notes" on public.${TABLE} for update to authenticated
        using ((select auth.uid()) = owner_id) with check ((select auth.uid()) = owner_id);
      create policy "Owners can delete their notes" on public.${TABLE} for delete to authenticated using ((select auth.uid()) = owner_id);
      notify pgrst, 'reload schema';
    `);
  });
  // Wait until PostgREST's schema cache has the table.
  for (let i = 0; ; i++) {
    const response = await fetch(`${restUrl}/${TABLE}?select=id&limit=0`, { headers: { apikey: serviceRoleKey } });
    if (response.ok) break;
    if (i > 100) throw new Error(`${TABLE} never became visible through PostgREST (${response.status})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  [alice, bob] = await Promise.all([createTestUser(), createTestUser()]);
});

afterAll(async () => {
  await withDb((db) => db.query(`drop table if exists public.${TABLE}`));
  const admin = createClientAs(serviceRoleKey);
  for (const u of [alice, bob]) if (u) await admin.auth.admin.deleteUser(u.user.id);
});

describe('an owner-protected table through PostgREST', () => {
  let noteId: number;

  it('lets Alice insert a note that is stamped with her id, and read it back', async () => {
    const inserted = await alice.client.from(TABLE).insert({ body: 'alice only' }).select().single();
    expect(inserted.error).toBeNull();
    expect(inserted.data).toMatchObject({ owner_id: alice.user.id, body: 'alice only' });
    noteId = inserted.data!.id;

    const read = await alice.client.from(TABLE).select('id, body');
    expect(read.error).toBeNull();
    expect(read.data).toEqual([{ id: noteId, body: 'alice only' }]);
  });

  it('shows Bob nothing of Alice\'s, even when he asks for her row by id', async () => {
    const all = await bob.client.from(TABLE).select('*');
    expect(all).toMatchObject({ error: null, data: [] });
    const byId = await bob.client.from(TABLE).select('*').eq('id', noteId);
    expect(byId).toMatchObject({ error: null, data: [] });
  });

  it('does not let Bob change or delete Alice\'s note', async () => {
    const update = await bob.client.from(TABLE).update({ body: 'bob was here' }).eq('id', noteId).select();
    expect(update).toMatchObject({ error: null, data: [] });
    const remove = await bob.client.from(TABLE).delete().eq('id', noteId).select();
    expect(remove).toMatchObject({ error: null, data: [] });

    const row = await withDb((db) => db.query(`select body from public.${TABLE} where id = $1`, [noteId]));
    expect(row.rows).toEqual([{ body: 'alice only' }]);
  });

  it('refuses Bob a row forged with Alice as the owner (42501)', async () => {
    const forged = await bob.client.from(TABLE).insert({ owner_id: alice.user.id, body: 'pretending to be alice' });
    expect(forged.error?.code).toBe('42501');
    expect(forged.status).toBe(403);
    const count = await withDb((db) => db.query(`select count(*)::int as n from public.${TABLE}`));
    expect(count.rows[0].n).toBe(1);
  });

  it('gives the anon key no access at all', async () => {
    const anon = await createClientAs(anonKey).from(TABLE).select('*');
    expect(anon.error?.code).toBe('42501');
  });

  it('lets Alice change and delete her own note', async () => {
    const update = await alice.client.from(TABLE).update({ body: 'edited' }).eq('id', noteId).select('body');
    expect(update).toMatchObject({ error: null, data: [{ body: 'edited' }] });
    const remove = await alice.client.from(TABLE).delete().eq('id', noteId).select('id');
    expect(remove).toMatchObject({ error: null, data: [{ id: noteId }] });
  });
});
