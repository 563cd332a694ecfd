-- connection_secrets (the lockbox): the browser learns existence, hint and when it changed;
-- only service_role reads or writes ciphertext.
begin;
\ir _helpers.psql
\ir _fixtures.psql
select plan(30);

-- ---------------------------------------------------------------------------------------------
-- The owner: existence and hint only. Never the ciphertext, never a write.
-- ---------------------------------------------------------------------------------------------
select tests.authenticate_as('alice');

select results_eq(
  $$ select connection_id, hint from public.connection_secrets $$,
  $$ values ('aaaaaaaa-0000-4000-8000-000000000001'::uuid, 'ab12'::text) $$,
  'alice sees that her connection has a key, and its last four characters'
);
select ok(
  (select updated_at is not null and created_at is not null from public.connection_secrets
    where connection_id = 'aaaaaaaa-0000-4000-8000-000000000001'),
  'alice sees when her key was stored and last changed'
);
select throws_ok(
  $$ select ciphertext from public.connection_secrets $$,
  '42501', 'permission denied for table connection_secrets',
  'alice cannot read her own key''s ciphertext'
);
select throws_ok(
  $$ select iv from public.connection_secrets $$,
  '42501', 'permission denied for table connection_secrets',
  'alice cannot read her own key''s IV'
);
select throws_ok(
  $$ select * from public.connection_secrets $$,
  '42501', 'permission denied for table connection_secrets',
  'select * on the lockbox is denied (it would include the ciphertext)'
);
select throws_ok(
  $$ select s.connection_id from public.connection_secrets s where s.ciphertext is not null $$,
  '42501', 'permission denied for table connection_secrets',
  'the ciphertext cannot be probed through a filter either'
);
select results_eq(
  $$ select connection_id, hint from public.connection_keys $$,
  $$ values ('aaaaaaaa-0000-4000-8000-000000000001'::uuid, 'ab12'::text) $$,
  'connection_keys gives the browser-safe projection with select *'
);
select throws_ok(
  $$ insert into public.connection_secrets (connection_id, ciphertext, iv, key_version, hint)
     values ('aaaaaaaa-0000-4000-8000-000000000001', '\x00112233445566778899aabbccddeeff00', '\x0102030405060708090a0b0c', 1, 'zzzz') $$,
  '42501', 'permission denied for table connection_secrets',
  'alice cannot write a key directly (only the lockbox function can)'
);
select throws_ok(
  $$ update public.connection_secrets set hint = 'zzzz' $$,
  '42501', 'permission denied for table connection_secrets',
  'alice cannot change the hint'
);
select throws_ok(
  $$ delete from public.connection_secrets $$,
  '42501', 'permission denied for table connection_secrets',
  'alice cannot delete her key directly (the lockbox function removes keys)'
);

-- ---------------------------------------------------------------------------------------------
-- Another signed-in user.
-- ---------------------------------------------------------------------------------------------
select tests.authenticate_as('bob');

select results_eq(
  $$ select connection_id from public.connection_secrets $$,
  $$ values ('bbbbbbbb-0000-4000-8000-000000000001'::uuid) $$,
  'bob sees only his own key''s existence'
);
select is_empty(
  $$ select hint from public.connection_keys where connection_id = 'aaaaaaaa-0000-4000-8000-000000000001' $$,
  'bob cannot learn whether alice''s connection has a key'
);
select throws_ok(
  $$ insert into public.connection_secrets (connection_id, ciphertext, iv, key_version)
     values ('aaaaaaaa-0000-4000-8000-000000000001', '\x00112233445566778899aabbccddeeff00', '\x0102030405060708090a0b0c', 1) $$,
  '42501', 'permission denied for table connection_secrets',
  'bob cannot plant a key on alice''s connection'
);
select throws_ok(
  $$ delete from public.connection_secrets where connection_id = 'aaaaaaaa-0000-4000-8000-000000000001' $$,
  '42501', 'permission denied for table connection_secrets',
  'bob cannot delete alice''s key'
);

-- ---------------------------------------------------------------------------------------------
-- Anonymous.
-- ---------------------------------------------------------------------------------------------
select tests.clear_authentication();

select throws_ok($$ select connection_id from public.connection_secrets $$, '42501',
  'permission denied for table connection_secrets', 'anon cannot read the lockbox');
select throws_ok($$ select hint from public.connection_keys $$, '42501',
  'permission denied for view connection_keys', 'anon cannot read connection_keys');
select throws_ok(
  $$ insert into public.connection_secrets (connection_id, ciphertext, iv, key_version)
     values ('aaaaaaaa-0000-4000-8000-000000000001', '\x00112233445566778899aabbccddeeff00', '\x0102030405060708090a0b0c', 1) $$,
  '42501', 'permission denied for table connection_secrets', 'anon cannot write the lockbox');
select throws_ok($$ update public.connection_secrets set hint = 'x' $$, '42501',
  'permission denied for table connection_secrets', 'anon cannot update the lockbox');
select throws_ok($$ delete from public.connection_secrets $$, '42501',
  'permission denied for table connection_secrets', 'anon cannot delete from the lockbox');

-- ---------------------------------------------------------------------------------------------
-- The lockbox function (service_role) reads and writes ciphertext.
-- ---------------------------------------------------------------------------------------------
reset role;
select tests.reset_claims();
insert into public.connections (id, owner_id, kind, name)
values ('aaaaaaaa-0000-4000-8000-000000000002', tests.user_id('alice'), 'anthropic', 'Alice Claude');

select tests.authenticate_as_service_role();

select is(
  (select ciphertext from public.connection_secrets where connection_id = 'aaaaaaaa-0000-4000-8000-000000000001'),
  '\xa11ce5ec12e7c1a11ce5ec12e7c1a11ce5ec12e7'::bytea,
  'service_role reads the ciphertext to decrypt it'
);
select lives_ok(
  $$ insert into public.connection_secrets (connection_id, ciphertext, iv, key_version, hint)
     values ('aaaaaaaa-0000-4000-8000-000000000002', '\x00112233445566778899aabbccddeeff0011', '\x0102030405060708090a0b0c', 2, 'wxyz') $$,
  'service_role stores a key without naming the owner'
);
select is(
  (select owner_id from public.connection_secrets where connection_id = 'aaaaaaaa-0000-4000-8000-000000000002'),
  tests.user_id('alice'),
  'the owner is taken from the connection'
);
select lives_ok(
  $$ insert into public.connection_secrets (connection_id, ciphertext, iv, key_version, hint)
     values ('aaaaaaaa-0000-4000-8000-000000000002', '\xffeeddccbbaa99887766554433221100ff', '\x0c0b0a090807060504030201', 2, 'qrst')
     on conflict (owner_id, connection_id) do update
       set ciphertext = excluded.ciphertext, iv = excluded.iv, key_version = excluded.key_version, hint = excluded.hint $$,
  'service_role replaces a key with an upsert on (owner_id, connection_id)'
);
select is(
  (select hint from public.connection_secrets where connection_id = 'aaaaaaaa-0000-4000-8000-000000000002'),
  'qrst', 'the replaced key has the new hint'
);
select throws_ok(
  $$ insert into public.connection_secrets (connection_id, ciphertext, iv, key_version)
     values ('bbbbbbbb-0000-4000-8000-000000000001', '\x00112233445566778899aabbccddeeff00', '\x0102030405060708090a0b', 1)
     on conflict (owner_id, connection_id) do update set iv = excluded.iv $$,
  '23514', null,
  'the IV must be exactly 12 bytes (96 bits)'
);
select throws_ok(
  $$ insert into public.connection_secrets (connection_id, ciphertext, iv, key_version)
     values ('aaaaaaaa-0000-4000-8000-000000000002', '\x0011', '\x0102030405060708090a0b0c', 1)
     on conflict (owner_id, connection_id) do update set ciphertext = excluded.ciphertext $$,
  '23514', null,
  'a ciphertext shorter than the GCM tag is refused'
);
select throws_ok(
  format($$ insert into public.connection_secrets (owner_id, connection_id, ciphertext, iv, key_version)
            values (%L, 'aaaaaaaa-0000-4000-8000-000000000001', '\x00112233445566778899aabbccddeeff00', '\x0102030405060708090a0b0c', 1) $$,
         tests.user_id('bob')),
  '23503', 'insert or update on table "connection_secrets" violates foreign key constraint "connection_secrets_connection_fkey"',
  'a key row cannot claim a different owner than its connection'
);
select is(
  tests.affected_rows($$ delete from public.connection_secrets where connection_id = 'aaaaaaaa-0000-4000-8000-000000000002' $$),
  1::bigint, 'service_role removes a key'
);

-- Deleting the connection removes its key.
reset role;
select tests.reset_claims();
delete from public.connections where id = 'aaaaaaaa-0000-4000-8000-000000000001';
select is_empty(
  $$ select 1 from public.connection_secrets where connection_id = 'aaaaaaaa-0000-4000-8000-000000000001' $$,
  'a connection''s key is deleted with the connection'
);
select is(
  (select count(*) from public.connection_secrets where connection_id = 'bbbbbbbb-0000-4000-8000-000000000001'),
  1::bigint, 'other users'' keys are untouched'
);

select * from finish();
rollback;
