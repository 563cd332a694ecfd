-- provider_kinds: product data every signed-in user reads and nobody writes through the API.
begin;
\ir _helpers.psql
select plan(16);

do $$ begin perform tests.create_user('alice'); end $$;

-- ---------------------------------------------------------------------------------------------
-- The catalogue ships with the migration.
-- ---------------------------------------------------------------------------------------------
select set_eq(
  $$ select id from public.provider_kinds $$,
  array['openai', 'anthropic', 'openrouter', 'requesty', 'groq', 'mistral', 'gemini', 'together',
        'ollama', 'lmstudio', 'llamacpp', 'vllm', 'openai_compatible', 'custom'],
  'every kind the spec names is in the catalogue'
);

select is_empty(
  $$ select id from public.provider_kinds
      where category = 'cloud' and (default_base_url !~ '^https://' or server_key_env is null or not key_required) $$,
  'cloud kinds have an https default URL, a server key secret and require a key'
);

select results_eq(
  $$ select id from public.provider_kinds where runtime_adapter is not null order by id $$,
  array['lmstudio', 'ollama'],
  'only Ollama and LM Studio support the local runtime page'
);

select is(
  (select models_path from public.provider_kinds where id = 'custom'), null,
  'custom endpoints have no default models path (the connection supplies it)'
);

-- ---------------------------------------------------------------------------------------------
-- Signed in: read, never write.
-- ---------------------------------------------------------------------------------------------
select tests.authenticate_as('alice');

select is((select count(*) from public.provider_kinds), 14::bigint, 'a signed-in user reads the whole catalogue');

select throws_ok(
  $$ insert into public.provider_kinds (id, label, category, auth_scheme, key_required, discovery_adapter, chat_adapter)
     values ('evil', 'Evil', 'cloud', 'none', false, 'openai', 'openai') $$,
  '42501', 'permission denied for table provider_kinds',
  'a signed-in user cannot add a kind'
);
select throws_ok(
  $$ update public.provider_kinds set default_base_url = 'https://evil.example' where id = 'openai' $$,
  '42501', 'permission denied for table provider_kinds',
  'a signed-in user cannot redirect a kind''s default URL'
);
select throws_ok(
  $$ delete from public.provider_kinds where id = 'openai' $$,
  '42501', 'permission denied for table provider_kinds',
  'a signed-in user cannot delete a kind'
);

-- ---------------------------------------------------------------------------------------------
-- Anonymous: nothing.
-- ---------------------------------------------------------------------------------------------
select tests.clear_authentication();

select throws_ok($$ select id from public.provider_kinds $$, '42501', 'permission denied for table provider_kinds',
  'anon cannot read kinds');
select throws_ok(
  $$ insert into public.provider_kinds (id, label, category, auth_scheme, key_required, discovery_adapter, chat_adapter)
     values ('evil', 'Evil', 'cloud', 'none', false, 'openai', 'openai') $$,
  '42501', 'permission denied for table provider_kinds', 'anon cannot add kinds');
select throws_ok($$ update public.provider_kinds set label = 'x' $$, '42501', 'permission denied for table provider_kinds',
  'anon cannot update kinds');
select throws_ok($$ delete from public.provider_kinds $$, '42501', 'permission denied for table provider_kinds',
  'anon cannot delete kinds');

-- ---------------------------------------------------------------------------------------------
-- Server code reads but does not edit product data either.
-- ---------------------------------------------------------------------------------------------
select tests.authenticate_as_service_role();

select is((select count(*) from public.provider_kinds), 14::bigint, 'service_role reads the catalogue');
select throws_ok($$ update public.provider_kinds set label = 'x' where id = 'openai' $$,
  '42501', 'permission denied for table provider_kinds', 'service_role cannot edit the catalogue');

-- ---------------------------------------------------------------------------------------------
-- Constraints keep the data usable by the functions that read it.
-- ---------------------------------------------------------------------------------------------
reset role;
select tests.reset_claims();

select throws_ok(
  $$ insert into public.provider_kinds (id, label, category, auth_scheme, key_required, discovery_adapter, chat_adapter)
     values ('keyheader', 'Needs header', 'cloud', 'header', true, 'openai', 'openai') $$,
  '23514', null, 'a header auth scheme must name its header'
);
select throws_ok(
  $$ insert into public.provider_kinds (id, label, category, default_base_url, auth_scheme, key_required, discovery_adapter, chat_adapter)
     values ('ftpkind', 'FTP', 'cloud', 'ftp://files.example', 'none', false, 'openai', 'openai') $$,
  '23514', null, 'a kind''s default URL must be http(s)'
);

select * from finish();
rollback;
