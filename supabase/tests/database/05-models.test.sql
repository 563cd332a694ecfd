-- models: discovered per connection; the owner manages them, nobody else can touch them.
begin;
\ir _helpers.psql
\ir _fixtures.psql
select plan(30);

-- ---------------------------------------------------------------------------------------------
-- Another signed-in user.
-- ---------------------------------------------------------------------------------------------
select tests.authenticate_as('bob');

select set_eq(
  $$ select model_id from public.models $$,
  array['gpt-4o', 'gpt-4o-mini'],
  'bob sees only the models of his own connection'
);
select is(
  tests.affected_rows($$ update public.models set enabled = false, runtime_status = 'error'
                         where connection_id = 'aaaaaaaa-0000-4000-8000-000000000001' $$),
  0::bigint, 'bob''s update of alice''s models matches nothing'
);
select is(
  tests.affected_rows($$ delete from public.models where connection_id = 'aaaaaaaa-0000-4000-8000-000000000001' $$),
  0::bigint, 'bob''s delete of alice''s models matches nothing'
);
select throws_ok(
  format($$ insert into public.models (owner_id, connection_id, model_id) values (%L, 'aaaaaaaa-0000-4000-8000-000000000001', 'planted') $$,
         tests.user_id('alice')),
  '42501', 'new row violates row-level security policy for table "models"',
  'bob cannot add a model owned by alice'
);
select throws_ok(
  $$ insert into public.models (connection_id, model_id) values ('aaaaaaaa-0000-4000-8000-000000000001', 'planted') $$,
  '23503', 'insert or update on table "models" violates foreign key constraint "models_connection_fkey"',
  'bob cannot attach a model of his to alice''s connection'
);

reset role;
select tests.reset_claims();
select results_eq(
  $$ select model_id, enabled, runtime_status from public.models
      where connection_id = 'aaaaaaaa-0000-4000-8000-000000000001' order by model_id $$,
  $$ values ('llama3.1:8b'::text, true, 'idle'::text), ('qwen2.5:7b', true, 'idle') $$,
  'alice''s models are untouched after bob''s attempts'
);

-- ---------------------------------------------------------------------------------------------
-- Anonymous.
-- ---------------------------------------------------------------------------------------------
select tests.clear_authentication();
select throws_ok($$ select model_id from public.models $$, '42501', 'permission denied for table models',
  'anon cannot read models');
select throws_ok(
  $$ insert into public.models (connection_id, model_id) values ('aaaaaaaa-0000-4000-8000-000000000001', 'x') $$,
  '42501', 'permission denied for table models', 'anon cannot add models');
select throws_ok($$ update public.models set enabled = false $$, '42501', 'permission denied for table models',
  'anon cannot update models');
select throws_ok($$ delete from public.models $$, '42501', 'permission denied for table models',
  'anon cannot delete models');

-- ---------------------------------------------------------------------------------------------
-- The owner.
-- ---------------------------------------------------------------------------------------------
select tests.authenticate_as('alice');

select set_eq(
  $$ select model_id from public.models $$,
  array['llama3.1:8b', 'qwen2.5:7b'],
  'alice sees her models'
);
select lives_ok(
  $$ insert into public.models (connection_id, model_id, display_name, size_bytes, family, quantization, parameter_size)
     values ('aaaaaaaa-0000-4000-8000-000000000001', 'hf.co/Org/Model-GGUF:Q4_K_M', 'Model GGUF', 4920000000, 'llama', 'Q4_K_M', '8B') $$,
  'alice adds a model to her connection (browser-side discovery)'
);
select is(
  (select model_id from public.models where display_name = 'Model GGUF'),
  'hf.co/Org/Model-GGUF:Q4_K_M',
  'the provider''s model id is stored exactly as given (case, slashes and tag kept)'
);
select lives_ok(
  $$ insert into public.models (connection_id, model_id) values ('aaaaaaaa-0000-4000-8000-000000000001', 'LLAMA3.1:8B') $$,
  'ids differing only in case are different models'
);
select throws_ok(
  $$ insert into public.models (connection_id, model_id) values ('aaaaaaaa-0000-4000-8000-000000000001', 'llama3.1:8b') $$,
  '23505', 'duplicate key value violates unique constraint "models_pkey"',
  'one row per (connection, model id)'
);
select throws_ok(
  $$ insert into public.models (connection_id, model_id) values ('bbbbbbbb-0000-4000-8000-000000000001', 'stolen') $$,
  '23503', 'insert or update on table "models" violates foreign key constraint "models_connection_fkey"',
  'alice cannot add a model to bob''s connection'
);
select throws_ok(
  $$ insert into public.models (connection_id, model_id, capabilities) values ('aaaaaaaa-0000-4000-8000-000000000001', 'm1', '{chat,telepathy}') $$,
  '23514', 'new row for relation "models" violates check constraint "models_capabilities_known"',
  'capabilities come from a known vocabulary'
);
select throws_ok(
  $$ insert into public.models (connection_id, model_id, prompt_price_per_mtok) values ('aaaaaaaa-0000-4000-8000-000000000001', 'm2', -1) $$,
  '23514', 'new row for relation "models" violates check constraint "models_prompt_price_nonnegative"',
  'prices cannot be negative'
);
select throws_ok(
  $$ insert into public.models (connection_id, model_id) values ('aaaaaaaa-0000-4000-8000-000000000001', '') $$,
  '23514', 'new row for relation "models" violates check constraint "models_model_id_length"',
  'a model id cannot be empty'
);
select throws_ok(
  $$ update public.models set runtime_status = 'flying' where model_id = 'llama3.1:8b' $$,
  '23514', 'new row for relation "models" violates check constraint "models_runtime_status_known"',
  'runtime status is idle, loading, running or error'
);
select is(
  tests.affected_rows($$ update public.models set runtime_status = 'running', runtime_status_at = now(),
                         runtime_memory_bytes = 6000000000, runtime_expires_at = now() + interval '5 minutes'
                         where connection_id = 'aaaaaaaa-0000-4000-8000-000000000001' and model_id = 'llama3.1:8b' $$),
  1::bigint, 'alice records that a model is loaded'
);
select throws_ok(
  $$ update public.models set request_count = 99 where model_id = 'llama3.1:8b' $$,
  '42501', 'permission denied for table models',
  'usage counters are not writable by the client'
);
select throws_ok(
  $$ update public.models set model_id = 'renamed' where model_id = 'llama3.1:8b' $$,
  '42501', 'permission denied for table models',
  'a model''s identity (connection, id) cannot be edited'
);

-- connections.model_count follows the available models.
select is(
  (select model_count from public.connections where id = 'aaaaaaaa-0000-4000-8000-000000000001'),
  4, 'model_count counts the connection''s models after inserts'
);
update public.models set available = false where model_id in ('LLAMA3.1:8B', 'qwen2.5:7b');
select is(
  (select model_count from public.connections where id = 'aaaaaaaa-0000-4000-8000-000000000001'),
  2, 'model_count drops when models become unavailable'
);
select is(
  tests.affected_rows($$ delete from public.models where model_id = 'hf.co/Org/Model-GGUF:Q4_K_M' $$),
  1::bigint, 'alice deletes a model'
);
select is(
  (select model_count from public.connections where id = 'aaaaaaaa-0000-4000-8000-000000000001'),
  1, 'model_count drops when a model is deleted'
);

-- Writers with the service role may omit owner_id: it comes from the connection.
reset role;
select tests.reset_claims();
select tests.authenticate_as_service_role();
select lives_ok(
  $$ insert into public.models (connection_id, model_id) values ('bbbbbbbb-0000-4000-8000-000000000001', 'o3') $$,
  'service_role adds a model without naming the owner'
);
select is(
  (select owner_id from public.models where model_id = 'o3'), tests.user_id('bob'),
  'the owner is taken from the connection'
);
reset role;
select tests.reset_claims();
select is(
  (select model_count from public.connections where id = 'bbbbbbbb-0000-4000-8000-000000000001'),
  3, 'bob''s model_count counts the new model, alice''s writes never touched it'
);

select * from finish();
rollback;
