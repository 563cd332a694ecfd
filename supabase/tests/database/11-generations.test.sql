-- generations: every run is history the owner keeps; usage counters follow it; nobody else sees it.
begin;
\ir _helpers.psql
\ir _fixtures.psql
select plan(32);

-- ---------------------------------------------------------------------------------------------
-- Another signed-in user.
-- ---------------------------------------------------------------------------------------------
select tests.authenticate_as('bob');

select results_eq($$ select id from public.generations $$, $$ values ('bbbbbbbb-0000-4000-8000-0000000000e1'::uuid) $$,
  'bob sees only his generations');
select is(
  tests.affected_rows($$ update public.generations set output = 'pwned', status = 'error' where id = 'aaaaaaaa-0000-4000-8000-0000000000e1' $$),
  0::bigint, 'bob''s update of alice''s generation matches nothing');
select is(
  tests.affected_rows($$ delete from public.generations where id = 'aaaaaaaa-0000-4000-8000-0000000000e1' $$),
  0::bigint, 'bob''s delete of alice''s generation matches nothing');
select throws_ok(
  format($$ insert into public.generations (owner_id, model_id, prompt) values (%L, 'gpt-4o', 'planted') $$, tests.user_id('alice')),
  '42501', 'new row violates row-level security policy for table "generations"',
  'bob cannot record a generation owned by alice');
select throws_ok(
  $$ insert into public.generations (connection_id, model_id, prompt) values ('aaaaaaaa-0000-4000-8000-000000000001', 'llama3.1:8b', 'free ride') $$,
  '23503', 'insert or update on table "generations" violates foreign key constraint "generations_connection_fkey"',
  'bob cannot attribute a run to alice''s connection (and inflate her usage)');
select throws_ok(
  $$ insert into public.generations (preset_id, model_id, prompt) values ('aaaaaaaa-0000-4000-8000-0000000000f1', 'gpt-4o', 'borrowed preset') $$,
  '23503', 'insert or update on table "generations" violates foreign key constraint "generations_preset_fkey"',
  'bob cannot reference alice''s preset');
reset role;
select tests.reset_claims();
select results_eq(
  $$ select output, status from public.generations where id = 'aaaaaaaa-0000-4000-8000-0000000000e1' $$,
  $$ values ('Soft wool in the rain'::text, 'completed'::text) $$,
  'alice''s generation is untouched after bob''s attempts');
select results_eq(
  $$ select request_count from public.connections where id = 'aaaaaaaa-0000-4000-8000-000000000001' $$,
  $$ values (1::bigint) $$,
  'alice''s usage was not inflated by bob');

-- ---------------------------------------------------------------------------------------------
-- Anonymous.
-- ---------------------------------------------------------------------------------------------
select tests.clear_authentication();
select throws_ok($$ select id from public.generations $$, '42501', 'permission denied for table generations',
  'anon cannot read generations');
select throws_ok($$ insert into public.generations (model_id, prompt) values ('x', 'y') $$, '42501',
  'permission denied for table generations', 'anon cannot record generations');
select throws_ok($$ update public.generations set output = 'x' $$, '42501',
  'permission denied for table generations', 'anon cannot update generations');
select throws_ok($$ delete from public.generations $$, '42501',
  'permission denied for table generations', 'anon cannot delete generations');

-- ---------------------------------------------------------------------------------------------
-- The owner runs prompts.
-- ---------------------------------------------------------------------------------------------
select tests.authenticate_as('alice');

select results_eq($$ select id from public.generations $$, $$ values ('aaaaaaaa-0000-4000-8000-0000000000e1'::uuid) $$,
  'alice sees her generations');
select lives_ok(
  $$ insert into public.generations (id, connection_id, preset_id, model_id, prompt, parameters, status)
     values ('aaaaaaaa-0000-4000-8000-0000000000e2', 'aaaaaaaa-0000-4000-8000-000000000001', 'aaaaaaaa-0000-4000-8000-0000000000f1',
             'llama3.1:8b', 'Explain RLS in one line', '{"temperature": 0.7}', 'streaming') $$,
  'alice records a run as it starts streaming');
select results_eq(
  $$ select connection_name, connection_kind, owner_id, output from public.generations where id = 'aaaaaaaa-0000-4000-8000-0000000000e2' $$,
  format($$ values ('Alice Ollama'::text, 'ollama'::text, %L::uuid, ''::text) $$, tests.user_id('alice')),
  'the connection''s name and kind are snapshotted by the database');
select results_eq(
  $$ select c.request_count, c.last_used_at is not null, m.request_count, m.last_used_at is not null
       from public.connections c join public.models m on m.owner_id = c.owner_id and m.connection_id = c.id
      where c.id = 'aaaaaaaa-0000-4000-8000-000000000001' and m.model_id = 'llama3.1:8b' $$,
  $$ values (2::bigint, true, 2::bigint, true) $$,
  'each run bumps the connection''s and the model''s last used time and request count');
select is(
  tests.affected_rows($$ update public.generations
                           set output = 'Policies decide which rows you see.', status = 'completed',
                               prompt_tokens = 12, completion_tokens = 9, latency_ms = 840, first_token_ms = 120,
                               finished_at = now()
                         where id = 'aaaaaaaa-0000-4000-8000-0000000000e2' $$),
  1::bigint, 'alice stores the streamed output, tokens and timings');
select throws_ok(
  $$ update public.generations set prompt = 'rewritten history' where id = 'aaaaaaaa-0000-4000-8000-0000000000e2' $$,
  '42501', 'permission denied for table generations',
  'what ran (the prompt) cannot be rewritten');
select throws_ok(
  $$ insert into public.generations (model_id, prompt, status) values ('llama3.1:8b', 'x', 'exploded') $$, '23514',
  'new row for relation "generations" violates check constraint "generations_status_known"',
  'status is pending, streaming, completed, cancelled or error');
select throws_ok(
  $$ insert into public.generations (model_id, prompt, prompt_tokens) values ('llama3.1:8b', 'x', -1) $$, '23514',
  'new row for relation "generations" violates check constraint "generations_prompt_tokens_nonnegative"',
  'token counts cannot be negative');
select throws_ok(
  $$ insert into public.generations (model_id, prompt, latency_ms) values ('llama3.1:8b', 'x', -1) $$, '23514',
  'new row for relation "generations" violates check constraint "generations_latency_ms_nonnegative"',
  'latencies cannot be negative');
select throws_ok(
  $$ insert into public.generations (model_id, prompt) values ('llama3.1:8b', '') $$, '23514',
  'new row for relation "generations" violates check constraint "generations_prompt_length"',
  'a run needs a prompt');
select throws_ok(
  $$ insert into public.generations (model_id, prompt, parameters) values ('llama3.1:8b', 'x', '[1, 2]') $$, '23514',
  'new row for relation "generations" violates check constraint "generations_parameters_object"',
  'parameters are a JSON object');
select throws_ok(
  $$ insert into public.generations (connection_id, model_id, prompt) values ('bbbbbbbb-0000-4000-8000-000000000001', 'gpt-4o', 'on bob''s dime') $$,
  '23503', 'insert or update on table "generations" violates foreign key constraint "generations_connection_fkey"',
  'alice cannot run on bob''s connection');
select throws_ok(
  $$ update public.connections set last_used_at = now(), request_count = 0 where id = 'aaaaaaaa-0000-4000-8000-000000000001' $$,
  '42501', 'permission denied for table connections',
  'usage counters cannot be reset by the client');

-- History survives deletions of what it points at.
delete from public.model_presets where id = 'aaaaaaaa-0000-4000-8000-0000000000f1';
select is(
  (select preset_id from public.generations where id = 'aaaaaaaa-0000-4000-8000-0000000000e2'), null,
  'deleting a preset clears preset_id on its runs');
delete from public.connections where id = 'aaaaaaaa-0000-4000-8000-000000000001';
select results_eq(
  $$ select connection_id, connection_name, connection_kind, model_id, owner_id from public.generations
      where id = 'aaaaaaaa-0000-4000-8000-0000000000e2' $$,
  format($$ values (null::uuid, 'Alice Ollama'::text, 'ollama'::text, 'llama3.1:8b'::text, %L::uuid) $$, tests.user_id('alice')),
  'deleting the connection keeps the run with its snapshot (only connection_id is cleared)');

-- Deleting a generation removes its heart and its collection memberships.
select is(
  tests.affected_rows($$ delete from public.generations where id = 'aaaaaaaa-0000-4000-8000-0000000000e1' $$),
  1::bigint, 'alice deletes a generation');
select is(
  (select count(*) from public.generation_favorites) + (select count(*) from public.collection_items),
  0::bigint, 'its favorite and collection items are gone');

-- ---------------------------------------------------------------------------------------------
-- The run-prompt function (service_role) records cloud runs for the user.
-- ---------------------------------------------------------------------------------------------
reset role;
select tests.reset_claims();
insert into public.connections (id, owner_id, kind, name)
values ('aaaaaaaa-0000-4000-8000-000000000002', tests.user_id('alice'), 'mistral', 'Alice Mistral');
select tests.authenticate_as_service_role();
select lives_ok(
  format($$ insert into public.generations (owner_id, connection_id, model_id, prompt, status)
            values (%L, 'bbbbbbbb-0000-4000-8000-000000000001', 'gpt-4o-mini', 'Hello from the edge', 'completed') $$,
         tests.user_id('bob')),
  'service_role records a run for bob');
select results_eq(
  $$ select connection_name, (select request_count from public.models where model_id = 'gpt-4o-mini')
       from public.generations where prompt = 'Hello from the edge' $$,
  $$ values ('Bob OpenAI'::text, 1::bigint) $$,
  'the snapshot and usage work for server-side runs too');
select throws_ok(
  format($$ insert into public.generations (owner_id, connection_id, model_id, prompt)
            values (%L, 'aaaaaaaa-0000-4000-8000-000000000002', 'x', 'y') $$, tests.user_id('bob')),
  '23503', 'insert or update on table "generations" violates foreign key constraint "generations_connection_fkey"',
  'even server code cannot attach a run to a connection of another user');

select * from finish();
rollback;
