-- audit_events: written by the database only, readable by the owner only, never editable, never
-- containing a key.
begin;
\ir _helpers.psql
\ir _fixtures.psql
select plan(28);

-- ---------------------------------------------------------------------------------------------
-- Connection changes made by the owner in the app.
-- ---------------------------------------------------------------------------------------------
select tests.authenticate_as('alice');

insert into public.connections (id, kind, name) values ('aaaaaaaa-0000-4000-8000-000000000002', 'groq', 'Alice Groq');
select results_eq(
  $$ select actor_id, actor_role, entity_type, entity_label, action, changed_fields
       from public.audit_events where entity_id = 'aaaaaaaa-0000-4000-8000-000000000002' $$,
  format($$ values (%L::uuid, 'authenticated'::text, 'connection'::text, 'Alice Groq'::text, 'created'::text,
                    '{base_url,enabled,kind,name,probe_from}'::text[]) $$, tests.user_id('alice')),
  'creating a connection records who, what and which settings were set'
);

update public.connections set name = 'Alice Groq (fast)', enabled = false where id = 'aaaaaaaa-0000-4000-8000-000000000002';
select results_eq(
  $$ select action, changed_fields, entity_label from public.audit_events
      where entity_id = 'aaaaaaaa-0000-4000-8000-000000000002' and action = 'updated' $$,
  $$ values ('updated'::text, '{enabled,name}'::text[], 'Alice Groq (fast)'::text) $$,
  'an update records exactly the fields that changed'
);

update public.connections set name = 'Alice Groq (fast)' where id = 'aaaaaaaa-0000-4000-8000-000000000002';
select is(
  (select count(*) from public.audit_events where entity_id = 'aaaaaaaa-0000-4000-8000-000000000002'),
  2::bigint, 'an update that changes nothing records nothing'
);

insert into public.health_checks (connection_id, status, source) values ('aaaaaaaa-0000-4000-8000-000000000002', 'healthy', 'browser');
insert into public.models (connection_id, model_id) values ('aaaaaaaa-0000-4000-8000-000000000002', 'llama-3.3-70b');
select is(
  (select count(*) from public.audit_events where entity_id = 'aaaaaaaa-0000-4000-8000-000000000002'),
  2::bigint, 'health checks, model counts and usage are not audited as setting changes'
);

-- ---------------------------------------------------------------------------------------------
-- Key changes made by the lockbox function (service_role).
-- ---------------------------------------------------------------------------------------------
reset role;
select tests.reset_claims();
select tests.authenticate_as_service_role();
insert into public.connection_secrets (connection_id, ciphertext, iv, key_version, hint)
values ('aaaaaaaa-0000-4000-8000-000000000002', '\xdeadbeefcafebabe0011223344556677aa', '\x111111111111111111111111', 1, 'k3y1');
update public.connection_secrets
   set ciphertext = '\xfeedfacefeedface0011223344556677bb', iv = '\x222222222222222222222222', key_version = 2, hint = 'k3y2'
 where connection_id = 'aaaaaaaa-0000-4000-8000-000000000002';
delete from public.connection_secrets where connection_id = 'aaaaaaaa-0000-4000-8000-000000000002';

reset role;
select tests.reset_claims();
select tests.authenticate_as('alice');
select results_eq(
  $$ select action, actor_role, changed_fields, details from public.audit_events
      where entity_id = 'aaaaaaaa-0000-4000-8000-000000000002' and action like 'key_%' order by id $$,
  $$ values
       ('key_set'::text, 'service_role'::text, '{api_key}'::text[], '{"hint": "k3y1", "key_version": 1}'::jsonb),
       ('key_replaced', 'service_role', '{api_key}', '{"hint": "k3y2", "key_version": 2, "previous_hint": "k3y1", "previous_key_version": 1}'),
       ('key_removed', 'service_role', '{api_key}', '{"previous_hint": "k3y2"}') $$,
  'key set, replaced and removed are recorded on the connection''s history, with hints only'
);
select is_empty(
  $$ select id from public.audit_events
      where to_jsonb(audit_events)::text ~* '(deadbeefcafebabe|feedfacefeedface|111111111111|222222222222|ciphertext|"iv")' $$,
  'no audit event contains a ciphertext, an IV or their names'
);

-- A key deleted together with its connection is covered by the connection's "deleted" event.
reset role;
select tests.reset_claims();
select tests.authenticate_as('alice');
delete from public.connections where id = 'aaaaaaaa-0000-4000-8000-000000000001';
select results_eq(
  $$ select action, entity_label from public.audit_events
      where entity_id = 'aaaaaaaa-0000-4000-8000-000000000001' order by id $$,
  $$ values ('created'::text, 'Alice Ollama'::text), ('key_set', 'Alice Ollama'), ('deleted', 'Alice Ollama') $$,
  'deleting a connection with a key records one "deleted" event (no separate key_removed), and the history outlives the connection'
);

-- ---------------------------------------------------------------------------------------------
-- Preset changes share the same history.
-- ---------------------------------------------------------------------------------------------
insert into public.model_presets (id, name, temperature) values ('aaaaaaaa-0000-4000-8000-0000000000f2', 'Draft', 0.5);
update public.model_presets set temperature = 0.9, max_tokens = 512 where id = 'aaaaaaaa-0000-4000-8000-0000000000f2';
delete from public.model_presets where id = 'aaaaaaaa-0000-4000-8000-0000000000f2';
select results_eq(
  $$ select entity_type, action, changed_fields from public.audit_events
      where entity_id = 'aaaaaaaa-0000-4000-8000-0000000000f2' order by id $$,
  $$ values ('model_preset'::text, 'created'::text, '{name,temperature}'::text[]),
            ('model_preset', 'updated', '{max_tokens,temperature}'),
            ('model_preset', 'deleted', '{}') $$,
  'preset create, edit and delete are recorded'
);

-- ---------------------------------------------------------------------------------------------
-- The owner reads, and cannot rewrite history.
-- ---------------------------------------------------------------------------------------------
select is_empty(
  $$ select id from public.audit_events where owner_id <> auth.uid() $$,
  'alice reads only her own history'
);
select throws_ok(
  $$ insert into public.audit_events (owner_id, actor_role, entity_type, entity_id, action)
     values (auth.uid(), 'authenticated', 'connection', gen_random_uuid(), 'created') $$,
  '42501', 'permission denied for table audit_events', 'alice cannot forge an audit event'
);
select throws_ok(
  $$ update public.audit_events set action = 'updated' $$,
  '42501', 'permission denied for table audit_events', 'alice cannot edit her history'
);
select throws_ok(
  $$ delete from public.audit_events $$,
  '42501', 'permission denied for table audit_events', 'alice cannot erase her history'
);

-- ---------------------------------------------------------------------------------------------
-- Another signed-in user.
-- ---------------------------------------------------------------------------------------------
select tests.authenticate_as('bob');
select is(
  (select count(*) from public.audit_events where owner_id = tests.user_id('alice')),
  0::bigint, 'bob sees none of alice''s history'
);
select throws_ok(
  format($$ insert into public.audit_events (owner_id, actor_role, entity_type, entity_id, action)
            values (%L, 'authenticated', 'connection', gen_random_uuid(), 'deleted') $$, tests.user_id('alice')),
  '42501', 'permission denied for table audit_events', 'bob cannot plant events in alice''s history'
);
select throws_ok($$ update public.audit_events set entity_label = 'x' $$, '42501',
  'permission denied for table audit_events', 'bob cannot edit any history');
select throws_ok($$ delete from public.audit_events $$, '42501',
  'permission denied for table audit_events', 'bob cannot erase any history');

-- Bob's own changes land in his history, with him as the actor.
update public.connections set probe_from = 'browser' where id = 'bbbbbbbb-0000-4000-8000-000000000001';
select results_eq(
  $$ select actor_id, action, changed_fields from public.audit_events
      where entity_id = 'bbbbbbbb-0000-4000-8000-000000000001' and action = 'updated' $$,
  format($$ values (%L::uuid, 'updated'::text, '{probe_from}'::text[]) $$, tests.user_id('bob')),
  'bob''s own change is recorded for him'
);

-- ---------------------------------------------------------------------------------------------
-- Anonymous and server code.
-- ---------------------------------------------------------------------------------------------
select tests.clear_authentication();
select throws_ok($$ select id from public.audit_events $$, '42501', 'permission denied for table audit_events',
  'anon cannot read history');
select throws_ok(
  $$ insert into public.audit_events (owner_id, actor_role, entity_type, entity_id, action)
     values (gen_random_uuid(), 'anon', 'connection', gen_random_uuid(), 'created') $$,
  '42501', 'permission denied for table audit_events', 'anon cannot write history');
select throws_ok($$ update public.audit_events set action = 'deleted' $$, '42501',
  'permission denied for table audit_events', 'anon cannot edit history');
select throws_ok($$ delete from public.audit_events $$, '42501',
  'permission denied for table audit_events', 'anon cannot erase history');

reset role;
select tests.reset_claims();
select tests.authenticate_as_service_role();
select ok((select count(*) > 0 from public.audit_events), 'service_role can read history');
select throws_ok($$ delete from public.audit_events $$, '42501', 'permission denied for table audit_events',
  'not even service_role can erase history');
select throws_ok($$ update public.audit_events set action = 'deleted' $$, '42501',
  'permission denied for table audit_events', 'not even service_role can edit history');
select throws_ok(
  $$ insert into public.audit_events (owner_id, actor_role, entity_type, entity_id, action)
     values (gen_random_uuid(), 'service_role', 'connection', gen_random_uuid(), 'created') $$,
  '42501', 'permission denied for table audit_events', 'not even service_role can forge history');

-- Edits made outside the API (Studio, SQL) are attributed to the database role.
reset role;
select tests.reset_claims();
update public.connections set name = 'Bob OpenAI (admin renamed)' where id = 'bbbbbbbb-0000-4000-8000-000000000001';
select results_eq(
  $$ select actor_id, actor_role from public.audit_events
      where entity_id = 'bbbbbbbb-0000-4000-8000-000000000001' and action = 'updated' and 'name' = any (changed_fields) $$,
  $$ values (null::uuid, 'postgres'::text) $$,
  'a direct database edit is recorded with the database role as actor'
);

-- ---------------------------------------------------------------------------------------------
-- Deleting an account is not blocked by its history, and takes the history with it.
-- ---------------------------------------------------------------------------------------------
select lives_ok(
  format($$ delete from auth.users where id = %L $$, tests.user_id('bob')),
  'an account with connections, keys and presets can be deleted'
);
select is(
  (select count(*) from public.audit_events where owner_id not in (select id from auth.users)),
  0::bigint, 'its audit history is deleted with it'
);

select * from finish();
rollback;
