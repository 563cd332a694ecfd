-- generation_favorites and set_generation_favorite: idempotent hearts on your own generations.
begin;
\ir _helpers.psql
\ir _fixtures.psql
select plan(25);

-- ---------------------------------------------------------------------------------------------
-- The owner.
-- ---------------------------------------------------------------------------------------------
select tests.authenticate_as('alice');

select results_eq($$ select generation_id from public.generation_favorites $$,
  $$ values ('aaaaaaaa-0000-4000-8000-0000000000e1'::uuid) $$, 'alice sees her heart');
select is(public.set_generation_favorite('aaaaaaaa-0000-4000-8000-0000000000e1', false), false,
  'unhearting returns the resulting state (false)');
select is(public.set_generation_favorite('aaaaaaaa-0000-4000-8000-0000000000e1', false), false,
  'unhearting again is not an error');
select is((select count(*) from public.generation_favorites), 0::bigint, 'the heart is gone');
select is(public.set_generation_favorite('aaaaaaaa-0000-4000-8000-0000000000e1', true), true,
  'hearting returns the resulting state (true)');
select is(public.set_generation_favorite('aaaaaaaa-0000-4000-8000-0000000000e1', true), true,
  'hearting again is not an error');
select is((select count(*) from public.generation_favorites), 1::bigint, 'a repeated heart does not duplicate');
select throws_ok(
  $$ select public.set_generation_favorite('00000000-0000-4000-8000-000000000000', true) $$,
  'PT404', 'That generation no longer exists, so it cannot be favorited. Reload the list and try again.',
  'hearting an unknown generation is refused with a sentence (HTTP 404)');
select throws_ok(
  $$ select public.set_generation_favorite('bbbbbbbb-0000-4000-8000-0000000000e1', true) $$,
  'PT404', 'That generation no longer exists, so it cannot be favorited. Reload the list and try again.',
  'alice cannot heart bob''s generation through the RPC');
select throws_ok(
  $$ insert into public.generation_favorites (generation_id) values ('bbbbbbbb-0000-4000-8000-0000000000e1') $$,
  '23503', 'insert or update on table "generation_favorites" violates foreign key constraint "generation_favorites_generation_fkey"',
  'nor directly');
select throws_ok(
  $$ update public.generation_favorites set created_at = now() $$,
  '42501', 'permission denied for table generation_favorites', 'hearts are set or removed, never edited');
select is(
  tests.affected_rows($$ delete from public.generation_favorites where generation_id = 'aaaaaaaa-0000-4000-8000-0000000000e1' $$),
  1::bigint, 'alice removes a heart directly');
select lives_ok(
  $$ insert into public.generation_favorites (generation_id) values ('aaaaaaaa-0000-4000-8000-0000000000e1') $$,
  'alice hearts directly');

-- ---------------------------------------------------------------------------------------------
-- Another signed-in user.
-- ---------------------------------------------------------------------------------------------
select tests.authenticate_as('bob');
select results_eq($$ select generation_id from public.generation_favorites $$,
  $$ values ('bbbbbbbb-0000-4000-8000-0000000000e1'::uuid) $$, 'bob sees only his heart');
select is(
  tests.affected_rows($$ delete from public.generation_favorites where generation_id = 'aaaaaaaa-0000-4000-8000-0000000000e1' $$),
  0::bigint, 'bob''s delete of alice''s heart matches nothing');
select is(public.set_generation_favorite('aaaaaaaa-0000-4000-8000-0000000000e1', false), false,
  'bob''s unheart with alice''s id answers like a no-op');
select throws_ok(
  format($$ insert into public.generation_favorites (owner_id, generation_id) values (%L, 'aaaaaaaa-0000-4000-8000-0000000000e1') $$,
         tests.user_id('alice')),
  '42501', 'new row violates row-level security policy for table "generation_favorites"',
  'bob cannot plant a heart owned by alice');
select throws_ok(
  $$ select public.set_generation_favorite('aaaaaaaa-0000-4000-8000-0000000000e1', true) $$,
  'PT404', 'That generation no longer exists, so it cannot be favorited. Reload the list and try again.',
  'bob cannot heart alice''s generation as his own');
reset role;
select tests.reset_claims();
select is(
  (select count(*) from public.generation_favorites where owner_id = tests.user_id('alice')), 1::bigint,
  'alice''s heart is untouched after bob''s attempts');

-- ---------------------------------------------------------------------------------------------
-- Anonymous.
-- ---------------------------------------------------------------------------------------------
select tests.clear_authentication();
select throws_ok($$ select generation_id from public.generation_favorites $$, '42501',
  'permission denied for table generation_favorites', 'anon cannot read hearts');
select throws_ok($$ insert into public.generation_favorites (generation_id) values ('aaaaaaaa-0000-4000-8000-0000000000e1') $$,
  '42501', 'permission denied for table generation_favorites', 'anon cannot heart');
select throws_ok($$ update public.generation_favorites set created_at = now() $$, '42501',
  'permission denied for table generation_favorites', 'anon cannot edit hearts');
select throws_ok($$ delete from public.generation_favorites $$, '42501',
  'permission denied for table generation_favorites', 'anon cannot unheart');
select throws_ok($$ select public.set_generation_favorite('aaaaaaaa-0000-4000-8000-0000000000e1', true) $$,
  '42501', 'permission denied for function set_generation_favorite', 'anon cannot call set_generation_favorite');

-- Server code has no auth.uid(): the RPC refuses.
reset role;
select tests.reset_claims();
select tests.authenticate_as_service_role();
select throws_ok($$ select public.set_generation_favorite('bbbbbbbb-0000-4000-8000-0000000000e1', true) $$,
  '42501', 'Sign in to favorite generations.', 'set_generation_favorite needs a signed-in user');

select * from finish();
rollback;
