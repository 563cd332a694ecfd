-- Cloud metadata addresses: no connection is saved with one, in any spelling a URL parser turns
-- into one; connections saved before the rule keep their caches working and can be turned off,
-- renamed or deleted, but not turned on; the kinds' default base URLs obey the same rule.
begin;
\ir _helpers.psql
\ir _fixtures.psql
select plan(28);

-- Every spelling, with the host the refusal names (what the URL parser makes of it).
create temporary table spellings (url text, host text) on commit drop;
insert into spellings values
  ('http://169.254.169.254', '169.254.169.254'),
  ('http://2852039166', '169.254.169.254'),
  ('http://0xa9fea9fe/v1', '169.254.169.254'),
  ('http://0xA9.0xFE.0xA9.0xFE', '169.254.169.254'),
  ('http://0251.0376.0251.0376', '169.254.169.254'),
  ('http://169.254.43518', '169.254.169.254'),
  ('http://169.16689662', '169.254.169.254'),
  ('http://169.254.169.254.:80', '169.254.169.254'),
  ('http://%31%36%39.254.169.254', '169.254.169.254'),
  ('http://%EF%BC%91%EF%BC%96%EF%BC%99.254.169.254', '169.254.169.254'),
  ('http://１６９．２５４．１６９．２５４', '169.254.169.254'),
  ('http://\169.254.169.254', '169.254.169.254'),
  ('http://[::ffff:169.254.169.254]', '[::ffff:169.254.169.254]'),
  ('http://[::ffff:a9fe:a9fe]:8080', '[::ffff:169.254.169.254]'),
  ('http://[0000:0000:0000:0000:0000:ffff:a9fe:a9fe]', '[::ffff:169.254.169.254]'),
  ('http://[::169.254.169.254]', '[::169.254.169.254]'),
  ('http://[64:ff9b::a9fe:a9fe]', '[64:ff9b::a9fe:a9fe]'),
  ('http://[2002:a9fe:a9fe::1]', '[2002:a9fe:a9fe::1]'),
  ('http://[fd00:ec2::254]', '[fd00:ec2::254]'),
  ('http://[FD00:0EC2:0000:0000:0000:0000:0000:0254]', '[fd00:ec2::254]'),
  ('http://METADATA.google.internal.', 'metadata.google.internal.'),
  ('https://computeMetadata.metadata.google.internal/v1', 'computemetadata.metadata.google.internal'),
  ('http://metadata' || U&'\3002' || 'google' || U&'\FF0E' || 'internal', 'metadata.google.internal'),
  ('http://meta' || U&'\00AD' || 'data.goog', 'metadata.goog'),
  ('http://%6Detadata', 'metadata'),
  ('HTTP://INSTANCE-DATA.ec2.internal', 'instance-data.ec2.internal'),
  ('http://169.254.170.2/v2/credentials', '169.254.170.2'),
  ('http://100.100.100.200', '100.100.100.200'),
  ('http://[::ffff:168.63.129.16]', '[::ffff:168.63.129.16]');
grant select on spellings to authenticated;

-- ---------------------------------------------------------------------------------------------
-- The parser and the list, as the database reads them.
-- ---------------------------------------------------------------------------------------------
select is_empty(
  $$ select url, host, private.metadata_host_in_url(url) from spellings
      where private.metadata_host_in_url(url) is distinct from host $$,
  'every spelling is read as the metadata host a URL parser makes of it');

select is_empty(
  $$ select u from unnest(array[
       'http://localhost:11434', 'http://127.0.0.1:11434', 'http://169.254.1.1', 'http://169.254.169.253',
       'http://[fd00:ec2::1]', 'http://[::1]:8000', 'https://api.openai.com', 'http://metadata.example.com',
       'http://notmetadata.google.internal.evil', 'http://metadatas', 'http://10.0.0.5:8000/v1',
       'http://169.254.169.254.example.com', 'http://%zz.example', 'http://1.2.3.4.5']) u
      where private.metadata_host_in_url(u) is not null $$,
  'ordinary, private and merely similar hosts are not metadata hosts');

select results_eq(
  $$ select kind, count(*)::integer from private.cloud_metadata_hosts() group by kind order by kind $$,
  $$ values ('ipv4'::text, 6), ('ipv6', 2), ('name', 8) $$,
  'the list holds the names and addresses of metadata-list.ts (the integration suite compares the entries)');

select is_empty(
  $$ select p.proname from pg_catalog.pg_proc p
      where p.pronamespace = 'private'::regnamespace
        and p.proname in ('cloud_metadata_hosts', 'percent_decode', 'ipv4_part', 'ipv4_host', 'url_host',
                          'ipv6_words', 'is_metadata_host', 'metadata_host_in_url')
        and (p.provolatile <> 'i' or not ('search_path=""' = any (p.proconfig))) $$,
  'the parsing functions are immutable with an empty search_path');

-- ---------------------------------------------------------------------------------------------
-- Saving a connection as its owner.
-- ---------------------------------------------------------------------------------------------
select tests.authenticate_as('alice');

select is_empty(
  $$ select s.url, e from spellings s
       cross join lateral tests.error_of(pg_catalog.format(
         'insert into public.connections (kind, name, base_url) values (''vllm'', %L, %L)', 'Metadata ' || s.url, s.url)) e
      where e is null
         or e ->> 'sqlstate' <> '23514'
         or e ->> 'message' <> s.host || ' is a cloud metadata address: it hands out the credentials of the machine it runs on, so no connection may point at it. Use the address of your model server.'
         or e ->> 'detail' not like '%connections_base_url_not_metadata%' $$,
  'every spelling is refused on insert (23514, connections_base_url_not_metadata, a sentence naming the host)');

select throws_ok(
  $$ insert into public.connections (kind, name, base_url) values ('ollama', 'Hex', 'http://0xa9fea9fe') $$,
  '23514',
  '169.254.169.254 is a cloud metadata address: it hands out the credentials of the machine it runs on, so no connection may point at it. Use the address of your model server.',
  'alice cannot save http://0xa9fea9fe');
select is(
  (select count(*) from public.connections where name like 'Metadata %' or name = 'Hex'), 0::bigint,
  'none of them was stored');

select lives_ok(
  $$ insert into public.connections (id, kind, name, base_url) values
       ('aaaaaaaa-0000-4000-8000-0000000000a1', 'vllm', 'Link-local box', 'http://169.254.1.1:8000'),
       ('aaaaaaaa-0000-4000-8000-0000000000a2', 'vllm', 'ULA box', 'http://[fd00:ec2::1]:8000'),
       ('aaaaaaaa-0000-4000-8000-0000000000a3', 'openai_compatible', 'Lookalike', 'https://metadata.example.com/v1') $$,
  'private, link-local and lookalike addresses are saved');

select throws_ok(
  $$ update public.connections set base_url = 'http://[::ffff:a9fe:a9fe]' where id = 'aaaaaaaa-0000-4000-8000-000000000001' $$,
  '23514',
  '[::ffff:169.254.169.254] is a cloud metadata address: it hands out the credentials of the machine it runs on, so no connection may point at it. Use the address of your model server.',
  'changing a base URL to a metadata address is refused');
select is(
  (select base_url from public.connections where id = 'aaaaaaaa-0000-4000-8000-000000000001'), 'http://localhost:11434',
  'the connection keeps its address');

select throws_ok(
  $$ insert into public.connections (kind, name, base_url) values ('ollama', 'Scheme', 'file:///etc/passwd') $$,
  '23514', 'new row for relation "connections" violates check constraint "connections_base_url_http"',
  'non-http schemes stay refused by their own constraint');

-- ---------------------------------------------------------------------------------------------
-- A connection saved before the rule (planted by the migration role with the trigger off).
-- ---------------------------------------------------------------------------------------------
reset role;
select tests.reset_claims();
alter table public.connections disable trigger refuse_metadata_base_url;
insert into public.connections (id, owner_id, kind, name, base_url, enabled) values
  ('aaaaaaaa-0000-4000-8000-0000000000b1', tests.user_id('alice'), 'vllm', 'Old metadata', 'http://169.254.169.254', false);
alter table public.connections enable trigger refuse_metadata_base_url;

select tests.authenticate_as('alice');
select lives_ok(
  $$ insert into public.health_checks (connection_id, status, error, error_code, source)
     values ('aaaaaaaa-0000-4000-8000-0000000000b1', 'unhealthy', 'Blocked', 'blocked_address', 'browser') $$,
  'a check of the old connection is still recorded (its health cache is updated)');
select is(
  (select health_status from public.connections where id = 'aaaaaaaa-0000-4000-8000-0000000000b1'), 'unhealthy',
  'the old connection shows the check');
select is(
  tests.affected_rows($$ update public.connections set name = 'Old metadata (fix me)' where id = 'aaaaaaaa-0000-4000-8000-0000000000b1' $$),
  1::bigint, 'the old connection can be renamed');
select is(
  tests.affected_rows($$ update public.connections set enabled = false where id = 'aaaaaaaa-0000-4000-8000-0000000000b1' $$),
  1::bigint, 'the old connection can be kept off');
select throws_ok(
  $$ update public.connections set enabled = true where id = 'aaaaaaaa-0000-4000-8000-0000000000b1' $$,
  '23514',
  '169.254.169.254 is a cloud metadata address: it hands out the credentials of the machine it runs on, so no connection may point at it. Use the address of your model server.',
  'the old connection cannot be turned on with its metadata address');
select throws_ok(
  $$ update public.connections set base_url = 'http://0251.0376.0251.0376' where id = 'aaaaaaaa-0000-4000-8000-0000000000b1' $$,
  '23514', null,
  'nor moved to another spelling of it');
select lives_ok(
  $$ update public.connections set base_url = 'http://10.0.0.5:8000', enabled = true where id = 'aaaaaaaa-0000-4000-8000-0000000000b1' $$,
  'fixing the address and turning it on in one save works');
select is(
  (select enabled from public.connections where id = 'aaaaaaaa-0000-4000-8000-0000000000b1'), true,
  'the fixed connection is on');

-- ---------------------------------------------------------------------------------------------
-- Another user and anon cannot use the helpers (private is not theirs).
-- ---------------------------------------------------------------------------------------------
select throws_ok($$ select private.url_host('http://0xa9fea9fe') $$, '42501', 'permission denied for schema private',
  'a signed-in user cannot call the private parser');
select tests.clear_authentication();
select throws_ok($$ select private.cloud_metadata_hosts() $$, '42501', 'permission denied for schema private',
  'anon cannot read the list through private');

-- ---------------------------------------------------------------------------------------------
-- The catalogue: a kind's default base URL cannot be a metadata address either.
-- ---------------------------------------------------------------------------------------------
reset role;
select tests.reset_claims();
select throws_ok(
  $$ update public.provider_kinds set default_base_url = 'http://metadata.google.internal' where id = 'vllm' $$,
  '23514', 'new row for relation "provider_kinds" violates check constraint "provider_kinds_default_base_url_not_metadata"',
  'a kind cannot default to a metadata name');
select throws_ok(
  $$ insert into public.provider_kinds (id, label, category, default_base_url, models_path, chat_path, auth_scheme,
       key_required, discovery_adapter, chat_adapter)
     values ('imds', 'IMDS', 'self_hosted', 'http://[fd00:ec2::254]', '/v1/models', '/v1/chat/completions', 'bearer',
       false, 'openai', 'openai') $$,
  '23514', 'new row for relation "provider_kinds" violates check constraint "provider_kinds_default_base_url_not_metadata"',
  'nor can a new kind');
select lives_ok(
  $$ update public.provider_kinds set default_base_url = 'http://localhost:8001' where id = 'vllm' $$,
  'an ordinary default is fine');
select is_empty(
  $$ select id from public.provider_kinds where private.metadata_host_in_url(default_base_url) is not null $$,
  'no shipped kind defaults to a metadata address');

-- A connection that takes its kind's default is checked after the default is filled in.
alter table public.provider_kinds drop constraint provider_kinds_default_base_url_not_metadata;
update public.provider_kinds set default_base_url = 'http://169.254.170.2' where id = 'vllm';
select tests.authenticate_as('alice');
select throws_ok(
  $$ insert into public.connections (kind, name) values ('vllm', 'Defaulted') $$,
  '23514',
  '169.254.170.2 is a cloud metadata address: it hands out the credentials of the machine it runs on, so no connection may point at it. Use the address of your model server.',
  'a base URL filled in from the kind is checked too');
reset role;
select tests.reset_claims();

-- ---------------------------------------------------------------------------------------------
-- What the API answers (PostgREST passes code, message, detail and hint on).
-- ---------------------------------------------------------------------------------------------
select tests.authenticate_as('bob');
select is(
  tests.error_of($$ insert into public.connections (kind, name, base_url) values ('openai', 'Sneaky', 'https://METADATA.goog.') $$)
    - 'message',
  jsonb_build_object(
    'sqlstate', '23514',
    'detail', 'Refused by connections_base_url_not_metadata (the host is on the list in private.cloud_metadata_hosts()).',
    'hint', 'Set base_url to the address of the model server.'),
  'the refusal carries the constraint name in its detail and a hint');
select is(
  (select count(*) from public.connections where owner_id = tests.user_id('bob')), 1::bigint,
  'bob still has only his own connection');

select * from finish();
rollback;
