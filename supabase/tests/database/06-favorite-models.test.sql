-- favorite_models and set_model_favorite: idempotent stars, only on listed models, only your own.
begin;
\ir _helpers.psql
\ir _fixtures.psql
select plan(30);

-- ---------------------------------------------------------------------------------------------
-- The owner, through the RPC.
-- ---------------------------------------------------------------------------------------------
select tests.authenticate_as('alice');

select results_eq(
  $$ select connection_id, model_id from public.favorite_models $$,
  $$ values ('aaaaaaaa-0000-4000-8000-000000000001'::uuid, 'llama3.1:8b'::text) $$,
  'alice sees her star'
);
select is(
  public.set_model_favorite('aaaaaaaa-0000-4000-8000-000000000001', 'qwen2.5:7b', true), true,
  'starring returns the resulting state (true)'
);
select is(
  public.set_model_favorite('aaaaaaaa-0000-4000-8000-000000000001', 'qwen2.5:7b', true), true,
  'starring again is not an error'
);
select is((select count(*) from public.favorite_models), 2::bigint, 'a repeated star does not duplicate');
select is(
  public.set_model_favorite('aaaaaaaa-0000-4000-8000-000000000001', 'qwen2.5:7b', false), false,
  'unstarring returns the resulting state (false)'
);
select is(
  public.set_model_favorite('aaaaaaaa-0000-4000-8000-000000000001', 'qwen2.5:7b', false), false,
  'unstarring again is not an error'
);
select is((select count(*) from public.favorite_models), 1::bigint, 'the star is gone');

-- Rapid clicks end in the state of the last click.
do $$
declare
  click boolean;
begin
  foreach click in array array[true, false, true, true, false, true] loop
    perform public.set_model_favorite('aaaaaaaa-0000-4000-8000-000000000001', 'qwen2.5:7b', click);
  end loop;
end
$$;
select ok(
  exists (select 1 from public.favorite_models where model_id = 'qwen2.5:7b'),
  'after true, false, true, true, false, true the model is starred'
);

select throws_ok(
  $$ select public.set_model_favorite('aaaaaaaa-0000-4000-8000-000000000001', 'never-listed', true) $$,
  'PT404', 'The model "never-listed" is not listed on that connection, so it cannot be starred. Refresh the model list and try again.',
  'starring a model the connection never listed is refused with a sentence (HTTP 404)'
);
select throws_ok(
  $$ select public.set_model_favorite('bbbbbbbb-0000-4000-8000-000000000001', 'gpt-4o', true) $$,
  'PT404', 'The model "gpt-4o" is not listed on that connection, so it cannot be starred. Refresh the model list and try again.',
  'alice cannot star a model on bob''s connection through the RPC'
);
select throws_ok(
  $$ select public.set_model_favorite('aaaaaaaa-0000-4000-8000-000000000001', 'qwen2.5:7b', null) $$,
  '22023', 'connection_id, model_id and favorite are all required.',
  'favorite must be true or false, not a toggle'
);

-- ---------------------------------------------------------------------------------------------
-- The owner, directly on the table.
-- ---------------------------------------------------------------------------------------------
select throws_ok(
  $$ insert into public.favorite_models (connection_id, model_id) values ('bbbbbbbb-0000-4000-8000-000000000001', 'gpt-4o') $$,
  '23503', 'insert or update on table "favorite_models" violates foreign key constraint "favorite_models_model_fkey"',
  'a direct insert cannot star bob''s model either'
);
select throws_ok(
  $$ insert into public.favorite_models (connection_id, model_id) values ('aaaaaaaa-0000-4000-8000-000000000001', 'ghost') $$,
  '23503', 'insert or update on table "favorite_models" violates foreign key constraint "favorite_models_model_fkey"',
  'only a model the connection has listed can be starred'
);
select throws_ok(
  $$ update public.favorite_models set model_id = 'qwen2.5:7b' $$,
  '42501', 'permission denied for table favorite_models',
  'stars are set or removed, never edited'
);
select is(
  tests.affected_rows($$ delete from public.favorite_models where model_id = 'qwen2.5:7b' $$),
  1::bigint, 'alice removes a star directly'
);

-- A star survives its model becoming unavailable.
update public.models set available = false where model_id = 'llama3.1:8b';
select results_eq(
  $$ select f.model_id, m.available from public.favorite_models f
       join public.models m using (owner_id, connection_id, model_id) $$,
  $$ values ('llama3.1:8b'::text, false) $$,
  'the star is kept (and can be shown as unavailable) when the model disappears'
);

-- ---------------------------------------------------------------------------------------------
-- Another signed-in user.
-- ---------------------------------------------------------------------------------------------
select tests.authenticate_as('bob');

select results_eq(
  $$ select model_id from public.favorite_models $$,
  $$ values ('gpt-4o'::text) $$,
  'bob sees only his own star'
);
select is(
  tests.affected_rows($$ delete from public.favorite_models where connection_id = 'aaaaaaaa-0000-4000-8000-000000000001' $$),
  0::bigint, 'bob''s delete of alice''s stars matches nothing'
);
select is(
  public.set_model_favorite('aaaaaaaa-0000-4000-8000-000000000001', 'llama3.1:8b', false), false,
  'bob''s unstar with alice''s ids answers like a no-op'
);
select throws_ok(
  $$ select public.set_model_favorite('aaaaaaaa-0000-4000-8000-000000000001', 'llama3.1:8b', true) $$,
  'PT404', 'The model "llama3.1:8b" is not listed on that connection, so it cannot be starred. Refresh the model list and try again.',
  'bob cannot star alice''s model through the RPC'
);
select throws_ok(
  format($$ insert into public.favorite_models (owner_id, connection_id, model_id)
            values (%L, 'aaaaaaaa-0000-4000-8000-000000000001', 'qwen2.5:7b') $$, tests.user_id('alice')),
  '42501', 'new row violates row-level security policy for table "favorite_models"',
  'bob cannot plant a star owned by alice'
);
select throws_ok(
  $$ insert into public.favorite_models (connection_id, model_id) values ('aaaaaaaa-0000-4000-8000-000000000001', 'qwen2.5:7b') $$,
  '23503', 'insert or update on table "favorite_models" violates foreign key constraint "favorite_models_model_fkey"',
  'bob cannot star alice''s model as his own'
);

reset role;
select tests.reset_claims();
select results_eq(
  $$ select model_id from public.favorite_models where owner_id = tests.user_id('alice') $$,
  $$ values ('llama3.1:8b'::text) $$,
  'alice''s stars are untouched after bob''s attempts'
);

-- ---------------------------------------------------------------------------------------------
-- Anonymous.
-- ---------------------------------------------------------------------------------------------
select tests.clear_authentication();
select throws_ok($$ select model_id from public.favorite_models $$, '42501',
  'permission denied for table favorite_models', 'anon cannot read stars');
select throws_ok(
  $$ insert into public.favorite_models (connection_id, model_id) values ('aaaaaaaa-0000-4000-8000-000000000001', 'qwen2.5:7b') $$,
  '42501', 'permission denied for table favorite_models', 'anon cannot star');
select throws_ok($$ update public.favorite_models set model_id = 'x' $$, '42501',
  'permission denied for table favorite_models', 'anon cannot edit stars');
select throws_ok($$ delete from public.favorite_models $$, '42501',
  'permission denied for table favorite_models', 'anon cannot unstar');
select throws_ok(
  $$ select public.set_model_favorite('aaaaaaaa-0000-4000-8000-000000000001', 'qwen2.5:7b', true) $$,
  '42501', 'permission denied for function set_model_favorite', 'anon cannot call set_model_favorite');

-- ---------------------------------------------------------------------------------------------
-- Stars go with their connection.
-- ---------------------------------------------------------------------------------------------
reset role;
select tests.reset_claims();
select tests.authenticate_as('alice');
delete from public.connections where id = 'aaaaaaaa-0000-4000-8000-000000000001';
select is((select count(*) from public.favorite_models), 0::bigint, 'deleting the connection removes its stars');

-- Server code acting for a user has no auth.uid(): the RPC refuses rather than guessing.
reset role;
select tests.reset_claims();
select tests.authenticate_as_service_role();
select throws_ok(
  $$ select public.set_model_favorite('bbbbbbbb-0000-4000-8000-000000000001', 'gpt-4o', true) $$,
  '42501', 'Sign in to star models.',
  'set_model_favorite needs a signed-in user'
);

select * from finish();
rollback;
