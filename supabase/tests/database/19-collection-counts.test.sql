-- collections.item_count and last_added_at: maintained from collection_items, read by
-- collections_with_counts, never written by users, never visible to other users.
begin;
\ir _helpers.psql
\ir _fixtures.psql
select plan(30);

-- Three more generations for alice, and an old updated_at on her collection so a bump shows.
insert into public.generations (id, owner_id, connection_id, model_id, prompt, output, status)
select ('aaaaaaaa-0000-4000-8000-0000000000e' || n)::uuid, tests.user_id('alice'),
       'aaaaaaaa-0000-4000-8000-000000000001', 'llama3.1:8b', 'Prompt ' || n, 'Output ' || n, 'completed'
  from generate_series(2, 4) n;
update public.collections set updated_at = '2026-01-01 00:00:00+00' where id = 'aaaaaaaa-0000-4000-8000-0000000000c1';

-- ---------------------------------------------------------------------------------------------
-- Adding and removing, as the owner.
-- ---------------------------------------------------------------------------------------------
select tests.authenticate_as('alice');

select results_eq(
  $$ select item_count, last_added_at from public.collections where id = 'aaaaaaaa-0000-4000-8000-0000000000c1' $$,
  $$ values (1, now()) $$,
  'the fixture item is counted, with its added time');

select lives_ok(
  $$ insert into public.collections (id, title) values ('aaaaaaaa-0000-4000-8000-0000000000c2', 'Drafts') $$,
  'alice creates a collection');
select results_eq(
  $$ select item_count, last_added_at from public.collections_with_counts where id = 'aaaaaaaa-0000-4000-8000-0000000000c2' $$,
  $$ values (0::bigint, null::timestamptz) $$,
  'a new collection is empty, with no added time');

select is(public.add_generation_to_collection('aaaaaaaa-0000-4000-8000-0000000000c2', 'aaaaaaaa-0000-4000-8000-0000000000e1'), true,
  'alice adds a generation through the RPC');
select is(public.add_generation_to_collection('aaaaaaaa-0000-4000-8000-0000000000c2', 'aaaaaaaa-0000-4000-8000-0000000000e1'), false,
  'adding it again changes nothing');
select is((select item_count from public.collections where id = 'aaaaaaaa-0000-4000-8000-0000000000c2'), 1,
  'an idempotent re-add is not counted twice');

select lives_ok(
  $$ insert into public.collection_items (collection_id, generation_id) values
       ('aaaaaaaa-0000-4000-8000-0000000000c2', 'aaaaaaaa-0000-4000-8000-0000000000e2'),
       ('aaaaaaaa-0000-4000-8000-0000000000c2', 'aaaaaaaa-0000-4000-8000-0000000000e3'),
       ('aaaaaaaa-0000-4000-8000-0000000000c1', 'aaaaaaaa-0000-4000-8000-0000000000e2') $$,
  'alice adds three items to two collections in one statement');
select results_eq(
  $$ select title, item_count from public.collections_with_counts order by title $$,
  $$ values ('Alice Picks'::text, 2::bigint), ('Drafts', 3::bigint) $$,
  'each collection counts its own new items');

select lives_ok(
  $$ insert into public.collection_items (collection_id, generation_id) values
       ('aaaaaaaa-0000-4000-8000-0000000000c2', 'aaaaaaaa-0000-4000-8000-0000000000e3'),
       ('aaaaaaaa-0000-4000-8000-0000000000c2', 'aaaaaaaa-0000-4000-8000-0000000000e4')
     on conflict do nothing $$,
  'a bulk add that repeats an item skips it');
select is((select item_count from public.collections where id = 'aaaaaaaa-0000-4000-8000-0000000000c2'), 4,
  'only the item actually added is counted');

select is(public.remove_generation_from_collection('aaaaaaaa-0000-4000-8000-0000000000c2', 'aaaaaaaa-0000-4000-8000-0000000000e4'), true,
  'alice removes a generation through the RPC');
select is(public.remove_generation_from_collection('aaaaaaaa-0000-4000-8000-0000000000c2', 'aaaaaaaa-0000-4000-8000-0000000000e4'), false,
  'removing it again changes nothing');
select is((select item_count from public.collections where id = 'aaaaaaaa-0000-4000-8000-0000000000c2'), 3,
  'a removal is counted once');

select is(
  tests.affected_rows($$ delete from public.generations where id = 'aaaaaaaa-0000-4000-8000-0000000000e2' $$),
  1::bigint, 'alice deletes a generation that is in both collections');
select results_eq(
  $$ select title, item_count from public.collections_with_counts order by title $$,
  $$ values ('Alice Picks'::text, 1::bigint), ('Drafts', 2::bigint) $$,
  'the generation leaves both counts with it');

select is((select updated_at from public.collections where id = 'aaaaaaaa-0000-4000-8000-0000000000c1'),
  '2026-01-01 00:00:00+00'::timestamptz,
  'adding and removing items does not move the collection''s updated_at');
select lives_ok(
  $$ update public.collections set title = 'Alice Favourites' where id = 'aaaaaaaa-0000-4000-8000-0000000000c1' $$,
  'alice renames her collection');
select is((select updated_at from public.collections where id = 'aaaaaaaa-0000-4000-8000-0000000000c1'), now(),
  'a rename still moves updated_at');

-- ---------------------------------------------------------------------------------------------
-- The cache is the database's: the owner cannot set it.
-- ---------------------------------------------------------------------------------------------
select throws_ok(
  $$ update public.collections set item_count = 1000 where id = 'aaaaaaaa-0000-4000-8000-0000000000c1' $$,
  '42501', 'permission denied for table collections', 'alice cannot set item_count');
select throws_ok(
  $$ update public.collections set last_added_at = now() + interval '1 year' where id = 'aaaaaaaa-0000-4000-8000-0000000000c1' $$,
  '42501', 'permission denied for table collections', 'alice cannot set last_added_at');
select throws_ok(
  $$ insert into public.collections (title, item_count) values ('Inflated', 1000) $$,
  '42501', 'permission denied for table collections', 'alice cannot create a collection with a made-up count');

-- ---------------------------------------------------------------------------------------------
-- Another user sees none of it and moves none of it.
-- ---------------------------------------------------------------------------------------------
select tests.authenticate_as('bob');

select is_empty(
  $$ select item_count from public.collections where id in ('aaaaaaaa-0000-4000-8000-0000000000c1', 'aaaaaaaa-0000-4000-8000-0000000000c2') $$,
  'bob cannot read alice''s counts');
select results_eq(
  $$ select title, item_count from public.collections_with_counts $$,
  $$ values ('Bob Picks'::text, 1::bigint) $$,
  'bob''s collection list shows only his collection and count');
select is(
  tests.affected_rows($$ delete from public.collection_items where collection_id = 'aaaaaaaa-0000-4000-8000-0000000000c2' $$),
  0::bigint, 'bob''s delete of alice''s items matches nothing');

reset role;
select tests.reset_claims();
select results_eq(
  $$ select id, item_count from public.collections where owner_id = tests.user_id('alice') order by title $$,
  $$ values ('aaaaaaaa-0000-4000-8000-0000000000c1'::uuid, 1), ('aaaaaaaa-0000-4000-8000-0000000000c2', 2) $$,
  'alice''s counts are untouched by bob');

-- ---------------------------------------------------------------------------------------------
-- last_added_at follows the latest item, also when it is removed; server-side edits of items
-- (service role) keep the counts right.
-- ---------------------------------------------------------------------------------------------
insert into public.collection_items (owner_id, collection_id, generation_id, added_at) values
  (tests.user_id('alice'), 'aaaaaaaa-0000-4000-8000-0000000000c1', 'aaaaaaaa-0000-4000-8000-0000000000e3', now() + interval '1 day'),
  (tests.user_id('alice'), 'aaaaaaaa-0000-4000-8000-0000000000c1', 'aaaaaaaa-0000-4000-8000-0000000000e4', now() - interval '1 day');
select results_eq(
  $$ select item_count, last_added_at from public.collections where id = 'aaaaaaaa-0000-4000-8000-0000000000c1' $$,
  $$ values (3, now() + interval '1 day') $$,
  'last_added_at is the latest added_at, whatever order items arrive in');
delete from public.collection_items where collection_id = 'aaaaaaaa-0000-4000-8000-0000000000c1' and generation_id = 'aaaaaaaa-0000-4000-8000-0000000000e3';
select results_eq(
  $$ select item_count, last_added_at from public.collections where id = 'aaaaaaaa-0000-4000-8000-0000000000c1' $$,
  $$ values (2, now()) $$,
  'removing the latest item falls back to the next latest');

select tests.authenticate_as_service_role();
update public.collection_items set collection_id = 'aaaaaaaa-0000-4000-8000-0000000000c2'
 where collection_id = 'aaaaaaaa-0000-4000-8000-0000000000c1' and generation_id = 'aaaaaaaa-0000-4000-8000-0000000000e4';
reset role;
select tests.reset_claims();

-- Every collection's cached figures equal a live count.
select is_empty(
  $$ select c.id, c.item_count::bigint, c.last_added_at from public.collections c
     except
     select c.id, count(i.generation_id), max(i.added_at)
       from public.collections c left join public.collection_items i on i.owner_id = c.owner_id and i.collection_id = c.id
      group by c.id $$,
  'after moving an item between collections, every cached count and time matches the items');

-- ---------------------------------------------------------------------------------------------
-- Deleting a collection takes its items without disturbing the other collections.
-- ---------------------------------------------------------------------------------------------
select tests.authenticate_as('alice');
select is(
  tests.affected_rows($$ delete from public.collections where id = 'aaaaaaaa-0000-4000-8000-0000000000c2' $$),
  1::bigint, 'alice deletes a collection holding items');
select results_eq(
  $$ select title, item_count, last_added_at from public.collections_with_counts $$,
  $$ values ('Alice Favourites'::text, 1::bigint, now()) $$,
  'her other collection keeps its count');

select * from finish();
rollback;
