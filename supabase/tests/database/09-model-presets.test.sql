-- model_presets: named configs, pointing only at the owner's connections.
begin;
\ir _helpers.psql
\ir _fixtures.psql
select plan(27);

-- ---------------------------------------------------------------------------------------------
-- Another signed-in user.
-- ---------------------------------------------------------------------------------------------
select tests.authenticate_as('bob');

select results_eq($$ select name from public.model_presets $$, $$ values ('Bob Preset'::text) $$,
  'bob sees only his presets');
select is(
  tests.affected_rows($$ update public.model_presets set system_prompt = 'pwned' where id = 'aaaaaaaa-0000-4000-8000-0000000000f1' $$),
  0::bigint, 'bob''s update of alice''s preset matches nothing');
select is(
  tests.affected_rows($$ delete from public.model_presets where id = 'aaaaaaaa-0000-4000-8000-0000000000f1' $$),
  0::bigint, 'bob''s delete of alice''s preset matches nothing');
select throws_ok(
  format($$ insert into public.model_presets (owner_id, name) values (%L, 'Planted') $$, tests.user_id('alice')),
  '42501', 'new row violates row-level security policy for table "model_presets"',
  'bob cannot create a preset owned by alice');
select throws_ok(
  $$ insert into public.model_presets (name, connection_id, model_id) values ('Borrowed', 'aaaaaaaa-0000-4000-8000-000000000001', 'llama3.1:8b') $$,
  '23503', 'insert or update on table "model_presets" violates foreign key constraint "model_presets_connection_fkey"',
  'bob cannot point his preset at alice''s connection');
select throws_ok(
  $$ update public.model_presets set connection_id = 'aaaaaaaa-0000-4000-8000-000000000001' where id = 'bbbbbbbb-0000-4000-8000-0000000000f1' $$,
  '23503', 'insert or update on table "model_presets" violates foreign key constraint "model_presets_connection_fkey"',
  'nor re-point an existing preset at it');
reset role;
select tests.reset_claims();
select results_eq(
  $$ select name, system_prompt from public.model_presets where id = 'aaaaaaaa-0000-4000-8000-0000000000f1' $$,
  $$ values ('Alice Preset'::text, null::text) $$,
  'alice''s preset is untouched after bob''s attempts');

-- ---------------------------------------------------------------------------------------------
-- Anonymous.
-- ---------------------------------------------------------------------------------------------
select tests.clear_authentication();
select throws_ok($$ select id from public.model_presets $$, '42501', 'permission denied for table model_presets',
  'anon cannot read presets');
select throws_ok($$ insert into public.model_presets (name) values ('Anon') $$, '42501',
  'permission denied for table model_presets', 'anon cannot create presets');
select throws_ok($$ update public.model_presets set name = 'x' $$, '42501',
  'permission denied for table model_presets', 'anon cannot update presets');
select throws_ok($$ delete from public.model_presets $$, '42501',
  'permission denied for table model_presets', 'anon cannot delete presets');

-- ---------------------------------------------------------------------------------------------
-- The owner.
-- ---------------------------------------------------------------------------------------------
select tests.authenticate_as('alice');

select results_eq($$ select name from public.model_presets $$, $$ values ('Alice Preset'::text) $$,
  'alice sees her presets');
select lives_ok(
  $$ insert into public.model_presets (id, name, connection_id, model_id, temperature, top_p, max_tokens, context_length, system_prompt, keep_alive)
     values ('aaaaaaaa-0000-4000-8000-0000000000f2', 'Precise', 'aaaaaaaa-0000-4000-8000-000000000001', 'qwen2.5:7b', 0, 1, 4096, 32768, 'Answer briefly.', '10m') $$,
  'alice creates a complete preset');
select lives_ok(
  $$ insert into public.model_presets (name, keep_alive) values ('Keep forever', '-1'), ('Unload now', '0'), ('Long', '1h30m') $$,
  'keep_alive accepts Ollama durations and seconds');
select throws_ok(
  $$ insert into public.model_presets (name) values ('precise') $$,
  '23505', 'duplicate key value violates unique constraint "model_presets_owner_name_key"',
  'preset names are unique per user regardless of case');
select throws_ok($$ insert into public.model_presets (name, temperature) values ('Hot', 2.5) $$, '23514',
  'new row for relation "model_presets" violates check constraint "model_presets_temperature_range"',
  'temperature is between 0 and 2');
select throws_ok($$ insert into public.model_presets (name, top_p) values ('Wide', 1.5) $$, '23514',
  'new row for relation "model_presets" violates check constraint "model_presets_top_p_range"',
  'top_p is between 0 and 1');
select throws_ok($$ insert into public.model_presets (name, max_tokens) values ('Mute', 0) $$, '23514',
  'new row for relation "model_presets" violates check constraint "model_presets_max_tokens_positive"',
  'max_tokens is positive');
select throws_ok($$ insert into public.model_presets (name, context_length) values ('Tiny', -1) $$, '23514',
  'new row for relation "model_presets" violates check constraint "model_presets_context_length_positive"',
  'context_length is positive');
select throws_ok($$ insert into public.model_presets (name, keep_alive) values ('Vague', 'a while') $$, '23514',
  'new row for relation "model_presets" violates check constraint "model_presets_keep_alive_format"',
  'keep_alive must be a duration');
select throws_ok(
  $$ insert into public.model_presets (name, connection_id) values ('Cross', 'bbbbbbbb-0000-4000-8000-000000000001') $$,
  '23503', 'insert or update on table "model_presets" violates foreign key constraint "model_presets_connection_fkey"',
  'alice cannot point a preset at bob''s connection');
select is(
  tests.affected_rows($$ update public.model_presets set temperature = 1.1, system_prompt = 'Be creative.' where id = 'aaaaaaaa-0000-4000-8000-0000000000f1' $$),
  1::bigint, 'alice edits her preset');
select ok(
  (select updated_at >= created_at from public.model_presets where id = 'aaaaaaaa-0000-4000-8000-0000000000f1'),
  'updated_at is maintained');
select is(
  tests.affected_rows($$ delete from public.model_presets where name = 'Unload now' $$),
  1::bigint, 'alice deletes a preset');

-- Deleting the connection keeps the preset and its model id, clearing only the connection.
delete from public.connections where id = 'aaaaaaaa-0000-4000-8000-000000000001';
select results_eq(
  $$ select name, connection_id, model_id from public.model_presets where id in ('aaaaaaaa-0000-4000-8000-0000000000f1', 'aaaaaaaa-0000-4000-8000-0000000000f2') order by name $$,
  $$ values ('Alice Preset'::text, null::uuid, 'llama3.1:8b'::text), ('Precise', null, 'qwen2.5:7b') $$,
  'presets survive their connection''s deletion with connection_id cleared');
select is(
  (select owner_id from public.model_presets where id = 'aaaaaaaa-0000-4000-8000-0000000000f1'), tests.user_id('alice'),
  'and stay owned by alice (only connection_id was set null)');

-- service_role reads presets to run prompts.
reset role;
select tests.reset_claims();
select tests.authenticate_as_service_role();
select is((select count(*) from public.model_presets where owner_id = tests.user_id('bob')), 1::bigint,
  'service_role reads any preset');

select * from finish();
rollback;
