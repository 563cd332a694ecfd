-- collections, collection_items, collections_with_counts and the add/remove RPCs.
begin;
\ir _helpers.psql
\ir _fixtures.psql
select plan(50);

-- ---------------------------------------------------------------------------------------------
-- Collections: another signed-in user and anon.
-- ---------------------------------------------------------------------------------------------
select tests.authenticate_as('bob');

select results_eq($$ select title from public.collections $$, $$ values ('Bob Picks'::text) $$,
  'bob sees only his collections');
select is(
  tests.affected_rows($$ update public.collections set title = 'pwned' where id = 'aaaaaaaa-0000-4000-8000-0000000000c1' $$),
  0::bigint, 'bob''s rename of alice''s collection matches nothing');
select is(
  tests.affected_rows($$ delete from public.collections where id = 'aaaaaaaa-0000-4000-8000-0000000000c1' $$),
  0::bigint, 'bob''s delete of alice''s collection matches nothing');
select throws_ok(
  format($$ insert into public.collections (owner_id, title) values (%L, 'Planted') $$, tests.user_id('alice')),
  '42501', 'new row violates row-level security policy for table "collections"',
  'bob cannot create a collection owned by alice');

select tests.clear_authentication();
select throws_ok($$ select id from public.collections $$, '42501', 'permission denied for table collections',
  'anon cannot read collections');
select throws_ok($$ insert into public.collections (title) values ('Anon') $$, '42501',
  'permission denied for table collections', 'anon cannot create collections');
select throws_ok($$ update public.collections set title = 'x' $$, '42501',
  'permission denied for table collections', 'anon cannot rename collections');
select throws_ok($$ delete from public.collections $$, '42501',
  'permission denied for table collections', 'anon cannot delete collections');

-- ---------------------------------------------------------------------------------------------
-- Collections: the owner.
-- ---------------------------------------------------------------------------------------------
select tests.authenticate_as('alice');

select results_eq($$ select title from public.collections $$, $$ values ('Alice Picks'::text) $$,
  'alice sees her collections');
select lives_ok(
  $$ insert into public.collections (id, title, description) values ('aaaaaaaa-0000-4000-8000-0000000000c2', 'Poems', 'Short verse') $$,
  'alice creates a collection');
select throws_ok(
  $$ insert into public.collections (title) values ('POEMS') $$,
  '23505', 'duplicate key value violates unique constraint "collections_owner_title_key"',
  'collection titles are unique per user regardless of case');
select lives_ok($$ insert into public.collections (title) values ('Bob Picks') $$,
  'a title another user already uses is fine');
select throws_ok($$ insert into public.collections (title) values ('') $$, '23514',
  'new row for relation "collections" violates check constraint "collections_title_length"', 'a title cannot be empty');
select throws_ok($$ insert into public.collections (title) values (repeat('x', 101)) $$, '23514',
  'new row for relation "collections" violates check constraint "collections_title_length"', 'a title has at most 100 characters');
select throws_ok($$ insert into public.collections (title) values ('Trailing ') $$, '23514',
  'new row for relation "collections" violates check constraint "collections_title_trimmed"', 'a title has no surrounding spaces');
select throws_ok($$ insert into public.collections (title, description) values ('Long', repeat('x', 2001)) $$, '23514',
  'new row for relation "collections" violates check constraint "collections_description_length"', 'descriptions have at most 2000 characters');
select is(
  tests.affected_rows($$ update public.collections set title = 'Verse' where id = 'aaaaaaaa-0000-4000-8000-0000000000c2' $$),
  1::bigint, 'alice renames her collection');
select throws_ok(
  $$ update public.collections set title = 'alice picks' where id = 'aaaaaaaa-0000-4000-8000-0000000000c2' $$,
  '23505', 'duplicate key value violates unique constraint "collections_owner_title_key"',
  'renaming onto another title (any case) is refused');

-- ---------------------------------------------------------------------------------------------
-- Items through the RPCs.
-- ---------------------------------------------------------------------------------------------
select is(public.add_generation_to_collection('aaaaaaaa-0000-4000-8000-0000000000c2', 'aaaaaaaa-0000-4000-8000-0000000000e1'), true,
  'adding a generation returns true');
select is(public.add_generation_to_collection('aaaaaaaa-0000-4000-8000-0000000000c2', 'aaaaaaaa-0000-4000-8000-0000000000e1'), false,
  'adding it again is not an error and returns false');
select is((select count(*) from public.collection_items where collection_id = 'aaaaaaaa-0000-4000-8000-0000000000c2'), 1::bigint,
  'the generation is in the collection once');
select results_eq(
  $$ select title, item_count from public.collections_with_counts order by title $$,
  $$ values ('Alice Picks'::text, 1::bigint), ('Bob Picks', 0), ('Verse', 1) $$,
  'collections_with_counts lists alice''s collections with item counts');
select is(public.remove_generation_from_collection('aaaaaaaa-0000-4000-8000-0000000000c2', 'aaaaaaaa-0000-4000-8000-0000000000e1'), true,
  'removing returns true');
select is(public.remove_generation_from_collection('aaaaaaaa-0000-4000-8000-0000000000c2', 'aaaaaaaa-0000-4000-8000-0000000000e1'), false,
  'removing again is not an error and returns false');
select throws_ok(
  $$ select public.add_generation_to_collection('bbbbbbbb-0000-4000-8000-0000000000c1', 'aaaaaaaa-0000-4000-8000-0000000000e1') $$,
  'PT404', 'That collection no longer exists. Reload your collections and try again.',
  'alice cannot add to bob''s collection');
select throws_ok(
  $$ select public.add_generation_to_collection('aaaaaaaa-0000-4000-8000-0000000000c2', 'bbbbbbbb-0000-4000-8000-0000000000e1') $$,
  'PT404', 'That generation no longer exists. Reload the list and try again.',
  'alice cannot add bob''s generation to her collection');
select throws_ok(
  $$ select public.add_generation_to_collection(null, 'aaaaaaaa-0000-4000-8000-0000000000e1') $$,
  '22023', 'collection_id and generation_id are both required.', 'both ids are required');

-- Items directly on the table.
select throws_ok(
  $$ insert into public.collection_items (collection_id, generation_id) values ('aaaaaaaa-0000-4000-8000-0000000000c2', 'bbbbbbbb-0000-4000-8000-0000000000e1') $$,
  '23503', 'insert or update on table "collection_items" violates foreign key constraint "collection_items_generation_fkey"',
  'an item cannot join alice''s collection with bob''s generation');
select throws_ok(
  $$ insert into public.collection_items (collection_id, generation_id) values ('bbbbbbbb-0000-4000-8000-0000000000c1', 'aaaaaaaa-0000-4000-8000-0000000000e1') $$,
  '23503', 'insert or update on table "collection_items" violates foreign key constraint "collection_items_collection_fkey"',
  'an item cannot put alice''s generation in bob''s collection');
select lives_ok(
  $$ insert into public.collection_items (collection_id, generation_id) values ('aaaaaaaa-0000-4000-8000-0000000000c2', 'aaaaaaaa-0000-4000-8000-0000000000e1') $$,
  'alice adds an item directly');
select throws_ok($$ update public.collection_items set added_at = now() $$, '42501',
  'permission denied for table collection_items', 'items are added or removed, never edited');
select is(
  tests.affected_rows($$ delete from public.collection_items where collection_id = 'aaaaaaaa-0000-4000-8000-0000000000c2' $$),
  1::bigint, 'alice removes an item directly');

-- ---------------------------------------------------------------------------------------------
-- Items: another signed-in user.
-- ---------------------------------------------------------------------------------------------
select tests.authenticate_as('bob');
select results_eq($$ select collection_id from public.collection_items $$,
  $$ values ('bbbbbbbb-0000-4000-8000-0000000000c1'::uuid) $$, 'bob sees only his items');
select results_eq($$ select title, item_count from public.collections_with_counts $$,
  $$ values ('Bob Picks'::text, 1::bigint) $$, 'bob''s collection list shows only his collections');
select is(
  tests.affected_rows($$ delete from public.collection_items where collection_id = 'aaaaaaaa-0000-4000-8000-0000000000c1' $$),
  0::bigint, 'bob''s delete of alice''s items matches nothing');
select is(public.remove_generation_from_collection('aaaaaaaa-0000-4000-8000-0000000000c1', 'aaaaaaaa-0000-4000-8000-0000000000e1'), false,
  'bob''s remove with alice''s ids changes nothing');
select throws_ok(
  $$ select public.add_generation_to_collection('aaaaaaaa-0000-4000-8000-0000000000c1', 'bbbbbbbb-0000-4000-8000-0000000000e1') $$,
  'PT404', 'That collection no longer exists. Reload your collections and try again.',
  'bob cannot add to alice''s collection');
select throws_ok(
  format($$ insert into public.collection_items (owner_id, collection_id, generation_id)
            values (%L, 'aaaaaaaa-0000-4000-8000-0000000000c1', 'aaaaaaaa-0000-4000-8000-0000000000e1') $$, tests.user_id('alice')),
  '42501', 'new row violates row-level security policy for table "collection_items"',
  'bob cannot plant an item owned by alice');
reset role;
select tests.reset_claims();
select results_eq(
  $$ select title, (select count(*) from public.collection_items i where i.collection_id = c.id)
       from public.collections c where c.id = 'aaaaaaaa-0000-4000-8000-0000000000c1' $$,
  $$ values ('Alice Picks'::text, 1::bigint) $$,
  'alice''s collection and its item are untouched after bob''s attempts');

-- ---------------------------------------------------------------------------------------------
-- Items, view and RPCs: anonymous.
-- ---------------------------------------------------------------------------------------------
select tests.clear_authentication();
select throws_ok($$ select collection_id from public.collection_items $$, '42501',
  'permission denied for table collection_items', 'anon cannot read items');
select throws_ok(
  $$ insert into public.collection_items (collection_id, generation_id) values ('aaaaaaaa-0000-4000-8000-0000000000c1', 'aaaaaaaa-0000-4000-8000-0000000000e1') $$,
  '42501', 'permission denied for table collection_items', 'anon cannot add items');
select throws_ok($$ update public.collection_items set added_at = now() $$, '42501',
  'permission denied for table collection_items', 'anon cannot edit items');
select throws_ok($$ delete from public.collection_items $$, '42501',
  'permission denied for table collection_items', 'anon cannot remove items');
select throws_ok($$ select id from public.collections_with_counts $$, '42501',
  'permission denied for view collections_with_counts', 'anon cannot read collections_with_counts');
select throws_ok(
  $$ select public.add_generation_to_collection('aaaaaaaa-0000-4000-8000-0000000000c1', 'aaaaaaaa-0000-4000-8000-0000000000e1') $$,
  '42501', 'permission denied for function add_generation_to_collection', 'anon cannot call add_generation_to_collection');
select throws_ok(
  $$ select public.remove_generation_from_collection('aaaaaaaa-0000-4000-8000-0000000000c1', 'aaaaaaaa-0000-4000-8000-0000000000e1') $$,
  '42501', 'permission denied for function remove_generation_from_collection', 'anon cannot call remove_generation_from_collection');

-- ---------------------------------------------------------------------------------------------
-- Deleting either side removes the item.
-- ---------------------------------------------------------------------------------------------
reset role;
select tests.reset_claims();
select tests.authenticate_as('alice');
select public.add_generation_to_collection('aaaaaaaa-0000-4000-8000-0000000000c2', 'aaaaaaaa-0000-4000-8000-0000000000e1') as added \gset
select is(
  tests.affected_rows($$ delete from public.collections where id = 'aaaaaaaa-0000-4000-8000-0000000000c2' $$),
  1::bigint, 'alice deletes a collection');
select results_eq(
  $$ select collection_id from public.collection_items $$,
  $$ values ('aaaaaaaa-0000-4000-8000-0000000000c1'::uuid) $$,
  'its items went with it; the generation stays in her other collection');
select ok(exists (select 1 from public.generations where id = 'aaaaaaaa-0000-4000-8000-0000000000e1'),
  'deleting a collection does not delete its generations');
delete from public.generations where id = 'aaaaaaaa-0000-4000-8000-0000000000e1';
select results_eq(
  $$ select title, item_count from public.collections_with_counts where id = 'aaaaaaaa-0000-4000-8000-0000000000c1' $$,
  $$ values ('Alice Picks'::text, 0::bigint) $$,
  'deleting a generation removes it from every collection');

select * from finish();
rollback;
