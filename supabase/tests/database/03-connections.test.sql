-- connections: owners do everything, other users and anon nothing; constraints users will meet.
begin;
\ir _helpers.psql
\ir _fixtures.psql
select plan(36);

-- ---------------------------------------------------------------------------------------------
-- Another signed-in user: sees nothing, changes nothing, cannot plant rows on alice.
-- ---------------------------------------------------------------------------------------------
select tests.authenticate_as('bob');

select results_eq(
  $$ select id from public.connections $$,
  $$ values ('bbbbbbbb-0000-4000-8000-000000000001'::uuid) $$,
  'bob sees only his own connection'
);
select is_empty(
  $$ select id from public.connections where id = 'aaaaaaaa-0000-4000-8000-000000000001' $$,
  'bob cannot read alice''s connection by id'
);
select is(
  tests.affected_rows($$ update public.connections set name = 'pwned', base_url = 'https://evil.example'
                         where id = 'aaaaaaaa-0000-4000-8000-000000000001' $$),
  0::bigint, 'bob''s update of alice''s connection matches nothing'
);
select is(
  tests.affected_rows($$ delete from public.connections where id = 'aaaaaaaa-0000-4000-8000-000000000001' $$),
  0::bigint, 'bob''s delete of alice''s connection matches nothing'
);
select throws_ok(
  format($$ insert into public.connections (owner_id, kind, name, base_url)
            values (%L, 'ollama', 'Planted', 'http://localhost:11434') $$, tests.user_id('alice')),
  '42501', 'new row violates row-level security policy for table "connections"',
  'bob cannot create a connection owned by alice'
);
select throws_ok(
  format($$ update public.connections set owner_id = %L where id = 'bbbbbbbb-0000-4000-8000-000000000001' $$,
         tests.user_id('alice')),
  '42501', 'permission denied for table connections',
  'bob cannot hand his connection over to alice (owner_id is not updatable)'
);

reset role;
select tests.reset_claims();
select results_eq(
  $$ select name, base_url, owner_id from public.connections where id = 'aaaaaaaa-0000-4000-8000-000000000001' $$,
  format($$ values ('Alice Ollama'::text, 'http://localhost:11434'::text, %L::uuid) $$, tests.user_id('alice')),
  'alice''s connection is untouched after bob''s attempts'
);
select is(
  (select count(*) from public.connections where owner_id = tests.user_id('alice')), 1::bigint,
  'nothing was planted on alice'
);

-- ---------------------------------------------------------------------------------------------
-- Anonymous: permission denied for every operation.
-- ---------------------------------------------------------------------------------------------
select tests.clear_authentication();

select throws_ok($$ select id from public.connections $$, '42501', 'permission denied for table connections',
  'anon cannot read connections');
select throws_ok(
  $$ insert into public.connections (kind, name, base_url) values ('ollama', 'Anon', 'http://localhost:11434') $$,
  '42501', 'permission denied for table connections', 'anon cannot create connections');
select throws_ok($$ update public.connections set name = 'x' $$, '42501', 'permission denied for table connections',
  'anon cannot update connections');
select throws_ok($$ delete from public.connections $$, '42501', 'permission denied for table connections',
  'anon cannot delete connections');

-- ---------------------------------------------------------------------------------------------
-- The owner.
-- ---------------------------------------------------------------------------------------------
select tests.authenticate_as('alice');

select results_eq(
  $$ select id from public.connections $$,
  $$ values ('aaaaaaaa-0000-4000-8000-000000000001'::uuid) $$,
  'alice sees her connection'
);

select lives_ok(
  $$ insert into public.connections (id, kind, name) values ('aaaaaaaa-0000-4000-8000-000000000002', 'openrouter', 'Alice Router') $$,
  'alice creates a connection without a base URL'
);
select results_eq(
  $$ select base_url, owner_id, enabled, probe_from, health_status from public.connections
      where id = 'aaaaaaaa-0000-4000-8000-000000000002' $$,
  format($$ values ('https://openrouter.ai'::text, %L::uuid, true, 'server'::text, 'unknown'::text) $$, tests.user_id('alice')),
  'base URL comes from the kind, owner from the session, and defaults are sensible'
);

select is(
  tests.affected_rows($$ update public.connections set name = 'Alice Router (work)', enabled = false
                         where id = 'aaaaaaaa-0000-4000-8000-000000000002' $$),
  1::bigint, 'alice updates her connection'
);

select throws_ok(
  $$ insert into public.connections (kind, name, base_url) values ('ollama', 'alice ollama', 'http://127.0.0.1:11434') $$,
  '23505', 'duplicate key value violates unique constraint "connections_owner_name_key"',
  'connection names are unique per user regardless of case'
);
select throws_ok(
  $$ update public.connections set name = 'ALICE OLLAMA' where id = 'aaaaaaaa-0000-4000-8000-000000000002' $$,
  '23505', 'duplicate key value violates unique constraint "connections_owner_name_key"',
  'renaming onto an existing name (any case) is refused too'
);
select lives_ok(
  $$ insert into public.connections (kind, name) values ('openai', 'Bob OpenAI') $$,
  'a name another user already uses is fine'
);

select throws_ok(
  $$ insert into public.connections (kind, name, base_url) values ('ollama', 'FTP', 'ftp://localhost:11434') $$,
  '23514', 'new row for relation "connections" violates check constraint "connections_base_url_http"',
  'base URLs must be http or https'
);
select throws_ok(
  $$ insert into public.connections (kind, name, base_url) values ('ollama', 'Creds', 'http://user:secret@localhost:11434') $$,
  '23514', 'new row for relation "connections" violates check constraint "connections_base_url_http"',
  'base URLs cannot carry credentials (keys belong in the lockbox)'
);
select throws_ok(
  $$ insert into public.connections (kind, name, base_url) values ('ollama', 'No host', 'http://') $$,
  '23514', 'new row for relation "connections" violates check constraint "connections_base_url_http"',
  'base URLs need a host'
);
select lives_ok(
  $$ insert into public.connections (kind, name, base_url) values ('vllm', 'IPv6 box', 'http://[::1]:8000') $$,
  'IPv6 literal hosts are accepted'
);
select throws_ok(
  $$ insert into public.connections (kind, name, base_url) values ('custom', 'My server', 'https://llm.example') $$,
  '23514', 'A Custom endpoint connection needs a models path, for example /v1/models.',
  'a custom connection without a models path is refused with a sentence'
);
select lives_ok(
  $$ insert into public.connections (kind, name, base_url, models_path, auth_header)
     values ('custom', 'My server', 'https://llm.example', '/api/models', 'X-API-Key') $$,
  'a custom connection with its models path and key header is accepted'
);
select throws_ok(
  $$ insert into public.connections (kind, name, base_url) values ('ollama', ' Padded ', 'http://localhost:11434') $$,
  '23514', 'new row for relation "connections" violates check constraint "connections_name_trimmed"',
  'names cannot start or end with spaces'
);
select throws_ok(
  $$ insert into public.connections (kind, name, base_url) values ('ollama', '', 'http://localhost:11434') $$,
  '23514', 'new row for relation "connections" violates check constraint "connections_name_length"',
  'names cannot be empty'
);
select throws_ok(
  $$ insert into public.connections (kind, name, base_url, probe_from) values ('ollama', 'Where', 'http://localhost:11434', 'moon') $$,
  '23514', 'new row for relation "connections" violates check constraint "connections_probe_from_known"',
  'probes run from the server or the browser, nothing else'
);
select throws_ok(
  $$ insert into public.connections (kind, name, base_url) values ('skynet', 'Unknown kind', 'http://localhost:1') $$,
  '23503', 'insert or update on table "connections" violates foreign key constraint "connections_kind_fkey"',
  'the kind must exist in provider_kinds'
);

select throws_ok(
  $$ update public.connections set health_status = 'healthy' where id = 'aaaaaaaa-0000-4000-8000-000000000001' $$,
  '42501', 'permission denied for table connections',
  'health is recorded through health_checks, not by editing the cache'
);
select throws_ok(
  $$ update public.connections set request_count = 1000000 where id = 'aaaaaaaa-0000-4000-8000-000000000001' $$,
  '42501', 'permission denied for table connections',
  'usage counters are maintained by the database, not the client'
);

select is(
  tests.affected_rows($$ delete from public.connections where id = 'aaaaaaaa-0000-4000-8000-000000000002' $$),
  1::bigint, 'alice deletes her connection'
);

-- updated_at tracks settings only.
reset role;
select tests.reset_claims();
update public.connections set updated_at = '2000-01-01' where id = 'aaaaaaaa-0000-4000-8000-000000000001';
select tests.authenticate_as('alice');
update public.connections set enabled = false where id = 'aaaaaaaa-0000-4000-8000-000000000001';
select ok(
  (select updated_at > '2000-01-01' from public.connections where id = 'aaaaaaaa-0000-4000-8000-000000000001'),
  'changing a setting moves updated_at'
);

-- Deleting a connection takes its models, stars, key and health history with it.
select lives_ok(
  $$ delete from public.connections where id = 'aaaaaaaa-0000-4000-8000-000000000001' $$,
  'alice deletes the connection that has models, a favorite, a key and health history'
);
reset role;
select tests.reset_claims();
select is(
  (select count(*) from public.models where connection_id = 'aaaaaaaa-0000-4000-8000-000000000001')
  + (select count(*) from public.favorite_models where connection_id = 'aaaaaaaa-0000-4000-8000-000000000001')
  + (select count(*) from public.connection_secrets where connection_id = 'aaaaaaaa-0000-4000-8000-000000000001')
  + (select count(*) from public.health_checks where connection_id = 'aaaaaaaa-0000-4000-8000-000000000001'),
  0::bigint, 'its models, favorites, key and health checks are gone'
);

-- ---------------------------------------------------------------------------------------------
-- Server code sees every connection (it bypasses RLS by design).
-- ---------------------------------------------------------------------------------------------
select tests.authenticate_as_service_role();
select ok((select count(*) >= 2 from public.connections), 'service_role reads all connections');

select * from finish();
rollback;
