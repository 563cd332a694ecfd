-- model_catalog (the picker and catalog page) and sync_connection_models (discovery results).
begin;
\ir _helpers.psql
\ir _fixtures.psql
select plan(28);

-- ---------------------------------------------------------------------------------------------
-- model_catalog.
-- ---------------------------------------------------------------------------------------------
select tests.authenticate_as('alice');

select results_eq(
  $$ select model_id, label, connection_name, connection_kind, connection_category, connection_enabled, is_favorite, enabled, available
       from public.model_catalog order by model_id $$,
  $$ values ('llama3.1:8b'::text, 'llama3.1:8b'::text, 'Alice Ollama'::text, 'ollama'::text, 'self_hosted'::text, true, true, true, true),
            ('qwen2.5:7b', 'qwen2.5:7b', 'Alice Ollama', 'ollama', 'self_hosted', true, false, true, true) $$,
  'alice''s catalog lists her models with their connection and favorite flag'
);
update public.connections set enabled = false where id = 'aaaaaaaa-0000-4000-8000-000000000001';
select is(
  (select bool_and(not connection_enabled) from public.model_catalog), true,
  'a disabled connection is visible on its models (the picker hides them)'
);
select tests.authenticate_as('bob');
select set_eq($$ select model_id from public.model_catalog $$, array['gpt-4o', 'gpt-4o-mini'],
  'bob''s catalog contains only his models');
select results_eq($$ select model_id from public.model_catalog where is_favorite $$, $$ values ('gpt-4o'::text) $$,
  'and only his stars');
select tests.clear_authentication();
select throws_ok($$ select model_id from public.model_catalog $$, '42501', 'permission denied for view model_catalog',
  'anon cannot read the catalog');

-- ---------------------------------------------------------------------------------------------
-- sync_connection_models: one discovery result, applied atomically.
-- ---------------------------------------------------------------------------------------------
reset role;
select tests.reset_claims();
update public.models set enabled = false where model_id = 'llama3.1:8b';
select tests.authenticate_as('alice');

select is(
  public.sync_connection_models('aaaaaaaa-0000-4000-8000-000000000001', $$[
    {"model_id": "llama3.1:8b", "display_name": "Llama 3.1 8B", "context_length": 131072, "capabilities": ["chat", "tools"],
     "size_bytes": 4920753328, "family": "llama", "quantization": "Q4_K_M", "parameter_size": "8.0B", "details": {"format": "gguf"}},
    {"model_id": "mistral:7b", "capabilities": ["chat"], "size_bytes": 4113301824},
    {"model_id": "mistral:7b", "display_name": "duplicate entry"}
  ]$$) - 'refreshed_at',
  '{"connection_id": "aaaaaaaa-0000-4000-8000-000000000001", "added": 1, "updated": 1, "marked_unavailable": 1, "available": 2}'::jsonb,
  'a sync reports added, updated, newly unavailable and available counts'
);
select results_eq(
  $$ select model_id, available, enabled, display_name from public.models order by model_id $$,
  $$ values ('llama3.1:8b'::text, true, false, 'Llama 3.1 8B'::text),
            ('mistral:7b', true, true, null),
            ('qwen2.5:7b', false, true, null) $$,
  'listed models are upserted (first entry wins on duplicates), the missing one is marked unavailable, preferences are kept'
);
select is((select count(*) from public.favorite_models), 1::bigint, 'the star survives the sync');
select results_eq(
  $$ select model_count, models_refreshed_at is not null from public.connections where id = 'aaaaaaaa-0000-4000-8000-000000000001' $$,
  $$ values (2, true) $$,
  'the connection records when it was refreshed and how many models are available'
);
select ok(
  (select first_seen_at <= last_seen_at and last_seen_at = (select models_refreshed_at from public.connections
     where id = 'aaaaaaaa-0000-4000-8000-000000000001') from public.models where model_id = 'llama3.1:8b'),
  'last_seen_at is the refresh time'
);
select is(
  public.sync_connection_models('aaaaaaaa-0000-4000-8000-000000000001', '[{"model_id": "qwen2.5:7b"}]', false) - 'refreshed_at',
  '{"connection_id": "aaaaaaaa-0000-4000-8000-000000000001", "added": 0, "updated": 1, "marked_unavailable": 0, "available": 3}'::jsonb,
  'a partial list (complete = false) revives what it lists and marks nothing unavailable'
);
select is(
  public.sync_connection_models('aaaaaaaa-0000-4000-8000-000000000001', '[]') ->> 'marked_unavailable', '3',
  'an empty complete list marks every model unavailable (rows are kept)'
);
select is((select count(*) from public.models), 3::bigint, 'no model row was deleted');

select throws_ok(
  $$ select public.sync_connection_models('aaaaaaaa-0000-4000-8000-000000000001', '{"models": []}') $$,
  '22023', 'models must be a JSON array of objects, each with at least a "model_id".',
  'the list must be an array');
select throws_ok(
  $$ select public.sync_connection_models('aaaaaaaa-0000-4000-8000-000000000001', '[{"model_id": "ok"}, {"name": "no id"}]') $$,
  '22023', 'models[1] is not valid: it needs a "model_id" string of 1-512 characters; "capabilities" must be an array and "details" an object.',
  'every entry needs a model_id, and the error names the bad entry');
select throws_ok(
  $$ select public.sync_connection_models('aaaaaaaa-0000-4000-8000-000000000001', '[{"model_id": "m", "context_length": "lots"}]') $$,
  '22023', null,
  'a value of the wrong type is refused as invalid input');
select throws_ok(
  $$ select public.sync_connection_models('aaaaaaaa-0000-4000-8000-000000000001', '[{"model_id": "m", "capabilities": ["chat", "mind_reading"]}]') $$,
  '23514', 'new row for relation "models" violates check constraint "models_capabilities_known"',
  'unknown capabilities are refused by the models constraint');
select is(
  (select count(*) from public.models where model_id = 'm'), 0::bigint,
  'a refused sync applies nothing'
);
select throws_ok(
  $$ select public.sync_connection_models('bbbbbbbb-0000-4000-8000-000000000001', '[{"model_id": "gpt-5"}]') $$,
  'PT404', 'That connection does not exist (or is not yours). Reload your connections and try again.',
  'alice cannot sync bob''s connection');

-- ---------------------------------------------------------------------------------------------
-- Another user's ids, anon, and server code.
-- ---------------------------------------------------------------------------------------------
select tests.authenticate_as('bob');
select throws_ok(
  $$ select public.sync_connection_models('aaaaaaaa-0000-4000-8000-000000000001', '[]') $$,
  'PT404', 'That connection does not exist (or is not yours). Reload your connections and try again.',
  'bob cannot wipe alice''s models with an empty sync');
reset role;
select tests.reset_claims();
select is((select count(*) from public.models where owner_id = tests.user_id('alice') and available), 0::bigint,
  'alice''s models are as she left them');

select tests.clear_authentication();
select throws_ok($$ select public.sync_connection_models('aaaaaaaa-0000-4000-8000-000000000001', '[]') $$,
  '42501', 'permission denied for function sync_connection_models', 'anon cannot sync');

reset role;
select tests.reset_claims();
select tests.authenticate_as_service_role();
select is(
  public.sync_connection_models('bbbbbbbb-0000-4000-8000-000000000001', $$[
    {"model_id": "gpt-4o", "context_length": 128000, "prompt_price_per_mtok": "2.5", "completion_price_per_mtok": 10},
    {"model_id": "o3", "context_length": 200000}
  ]$$) - 'refreshed_at',
  '{"connection_id": "bbbbbbbb-0000-4000-8000-000000000001", "added": 1, "updated": 1, "marked_unavailable": 1, "available": 2}'::jsonb,
  'the discovery function (service_role) syncs a user''s connection'
);
select results_eq(
  $$ select owner_id, prompt_price_per_mtok, completion_price_per_mtok from public.models where model_id = 'gpt-4o' $$,
  format($$ values (%L::uuid, 2.5::numeric, 10::numeric) $$, tests.user_id('bob')),
  'prices arrive as numbers or numeric strings; rows stay bob''s'
);
select results_eq(
  $$ select model_id from public.favorite_models where owner_id = tests.user_id('bob') $$,
  $$ values ('gpt-4o'::text) $$,
  'bob''s star on a still-listed model is untouched'
);

-- ---------------------------------------------------------------------------------------------
-- Catalog and favorites after a model disappears.
-- ---------------------------------------------------------------------------------------------
reset role;
select tests.reset_claims();
select tests.authenticate_as('alice');
select results_eq(
  $$ select model_id, available, is_favorite from public.model_catalog where is_favorite $$,
  $$ values ('llama3.1:8b'::text, false, true) $$,
  'a starred model that disappeared stays in favorites, marked unavailable'
);
select is(public.set_model_favorite('aaaaaaaa-0000-4000-8000-000000000001', 'qwen2.5:7b', true), true,
  'an unavailable model that was listed once can still be starred');
select throws_ok(
  $$ select public.set_model_favorite('aaaaaaaa-0000-4000-8000-000000000001', 'never-seen', true) $$,
  'PT404', null, 'a model never listed cannot');

select * from finish();
rollback;
