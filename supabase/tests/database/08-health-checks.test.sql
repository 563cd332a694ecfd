-- health_checks: probe history per connection, bounded to 500, feeding the connection's status.
begin;
\ir _helpers.psql
\ir _fixtures.psql
select plan(29);

-- ---------------------------------------------------------------------------------------------
-- The owner records a probe (from the browser, for a local server).
-- ---------------------------------------------------------------------------------------------
reset role;
update public.connections set updated_at = '2000-01-01' where id = 'aaaaaaaa-0000-4000-8000-000000000001';
select tests.authenticate_as('alice');

select results_eq(
  $$ select connection_id, status, source from public.health_checks $$,
  $$ values ('aaaaaaaa-0000-4000-8000-000000000001'::uuid, 'healthy'::text, 'browser'::text) $$,
  'alice sees her health history'
);
select lives_ok(
  $$ insert into public.health_checks (connection_id, status, latency_ms, error, error_code, source)
     values ('aaaaaaaa-0000-4000-8000-000000000001', 'unhealthy', 3, 'Connection refused by localhost:11434', 'connection_refused', 'browser') $$,
  'alice records a failed browser probe'
);
select results_eq(
  $$ select health_status, health_latency_ms, health_error, health_error_code, health_checked_at is not null
       from public.connections where id = 'aaaaaaaa-0000-4000-8000-000000000001' $$,
  $$ values ('unhealthy'::text, 3, 'Connection refused by localhost:11434'::text, 'connection_refused'::text, true) $$,
  'the connection shows the latest status, latency and error'
);
select is(
  (select updated_at from public.connections where id = 'aaaaaaaa-0000-4000-8000-000000000001'),
  '2000-01-01'::timestamptz,
  'a health check is not a settings change: updated_at stays'
);
select is(
  (select count(*) from public.audit_events where entity_id = 'aaaaaaaa-0000-4000-8000-000000000001' and action = 'updated'),
  0::bigint,
  'a health check writes no audit event'
);
select throws_ok(
  $$ update public.health_checks set status = 'healthy' $$,
  '42501', 'permission denied for table health_checks',
  'history is immutable: checks cannot be edited'
);
select throws_ok(
  $$ insert into public.health_checks (connection_id, status, source) values ('aaaaaaaa-0000-4000-8000-000000000001', 'sleepy', 'browser') $$,
  '23514', 'new row for relation "health_checks" violates check constraint "health_checks_status_known"',
  'status is healthy, degraded, unhealthy or unknown'
);
select throws_ok(
  $$ insert into public.health_checks (connection_id, status, source) values ('aaaaaaaa-0000-4000-8000-000000000001', 'healthy', 'carrier-pigeon') $$,
  '23514', 'new row for relation "health_checks" violates check constraint "health_checks_source_known"',
  'a probe runs on the server or in the browser'
);
select throws_ok(
  $$ insert into public.health_checks (connection_id, status, latency_ms, source) values ('aaaaaaaa-0000-4000-8000-000000000001', 'healthy', -5, 'browser') $$,
  '23514', 'new row for relation "health_checks" violates check constraint "health_checks_latency_ms_nonnegative"',
  'latency cannot be negative'
);
select throws_ok(
  $$ insert into public.health_checks (connection_id, status, source, checked_at) values ('aaaaaaaa-0000-4000-8000-000000000001', 'healthy', 'browser', now() + interval '1 day') $$,
  '42501', 'permission denied for table health_checks',
  'the browser cannot choose the time of a check'
);
select throws_ok(
  $$ insert into public.health_checks (connection_id, status, source) values ('bbbbbbbb-0000-4000-8000-000000000001', 'unhealthy', 'browser') $$,
  '23503', 'insert or update on table "health_checks" violates foreign key constraint "health_checks_connection_fkey"',
  'alice cannot record a check against bob''s connection'
);

-- Retention: the newest 500 checks per connection are kept.
insert into public.health_checks (connection_id, status, latency_ms, source)
select 'aaaaaaaa-0000-4000-8000-000000000001', 'healthy', n, 'browser' from generate_series(1, 520) as n;
select is(
  (select count(*) from public.health_checks where connection_id = 'aaaaaaaa-0000-4000-8000-000000000001'),
  500::bigint, 'after 522 checks only the newest 500 remain'
);
select is(
  (select min(latency_ms) from public.health_checks where connection_id = 'aaaaaaaa-0000-4000-8000-000000000001'),
  21, 'the oldest checks were the ones dropped'
);
insert into public.health_checks (connection_id, status, latency_ms, source)
values ('aaaaaaaa-0000-4000-8000-000000000001', 'degraded', 4000, 'browser');
select results_eq(
  $$ select (select count(*) from public.health_checks where connection_id = 'aaaaaaaa-0000-4000-8000-000000000001'),
            (select health_status from public.connections where id = 'aaaaaaaa-0000-4000-8000-000000000001') $$,
  $$ values (500::bigint, 'degraded'::text) $$,
  'one more check keeps the bound and becomes the connection''s status'
);

-- ---------------------------------------------------------------------------------------------
-- Another signed-in user.
-- ---------------------------------------------------------------------------------------------
select tests.authenticate_as('bob');

select is(
  (select count(*) from public.health_checks where connection_id = 'aaaaaaaa-0000-4000-8000-000000000001'),
  0::bigint, 'bob sees none of alice''s checks'
);
select is(
  tests.affected_rows($$ delete from public.health_checks where connection_id = 'aaaaaaaa-0000-4000-8000-000000000001' $$),
  0::bigint, 'bob''s delete of alice''s history matches nothing'
);
select throws_ok(
  format($$ insert into public.health_checks (owner_id, connection_id, status, source)
            values (%L, 'aaaaaaaa-0000-4000-8000-000000000001', 'unhealthy', 'browser') $$, tests.user_id('alice')),
  '42501', 'new row violates row-level security policy for table "health_checks"',
  'bob cannot record a check owned by alice'
);
select throws_ok(
  $$ insert into public.health_checks (connection_id, status, source) values ('aaaaaaaa-0000-4000-8000-000000000001', 'unhealthy', 'browser') $$,
  '23503', 'insert or update on table "health_checks" violates foreign key constraint "health_checks_connection_fkey"',
  'bob cannot mark alice''s connection unhealthy'
);
reset role;
select tests.reset_claims();
select results_eq(
  $$ select (select count(*) from public.health_checks where connection_id = 'aaaaaaaa-0000-4000-8000-000000000001'),
            (select health_status from public.connections where id = 'aaaaaaaa-0000-4000-8000-000000000001') $$,
  $$ values (500::bigint, 'degraded'::text) $$,
  'alice''s history and status are untouched by bob'
);

-- ---------------------------------------------------------------------------------------------
-- Anonymous.
-- ---------------------------------------------------------------------------------------------
select tests.clear_authentication();
select throws_ok($$ select id from public.health_checks $$, '42501', 'permission denied for table health_checks',
  'anon cannot read health history');
select throws_ok(
  $$ insert into public.health_checks (connection_id, status, source) values ('aaaaaaaa-0000-4000-8000-000000000001', 'unhealthy', 'browser') $$,
  '42501', 'permission denied for table health_checks', 'anon cannot record checks');
select throws_ok($$ update public.health_checks set status = 'healthy' $$, '42501',
  'permission denied for table health_checks', 'anon cannot edit checks');
select throws_ok($$ delete from public.health_checks $$, '42501', 'permission denied for table health_checks',
  'anon cannot delete checks');

-- ---------------------------------------------------------------------------------------------
-- The health-check function (service_role) records server-side probes.
-- ---------------------------------------------------------------------------------------------
reset role;
select tests.reset_claims();
select tests.authenticate_as_service_role();
select lives_ok(
  $$ insert into public.health_checks (connection_id, status, latency_ms, model_count, source)
     values ('bbbbbbbb-0000-4000-8000-000000000001', 'healthy', 180, 42, 'server') $$,
  'service_role records a server probe without naming the owner'
);
select results_eq(
  $$ select h.owner_id, c.health_status, c.health_latency_ms from public.health_checks h
       join public.connections c on c.id = h.connection_id
      where h.connection_id = 'bbbbbbbb-0000-4000-8000-000000000001' and h.latency_ms = 180 $$,
  format($$ values (%L::uuid, 'healthy'::text, 180) $$, tests.user_id('bob')),
  'the owner comes from the connection and the status is applied'
);
select lives_ok(
  $$ insert into public.health_checks (connection_id, status, latency_ms, source, checked_at)
     values ('bbbbbbbb-0000-4000-8000-000000000001', 'unhealthy', 9999, 'server', now() - interval '1 hour') $$,
  'a late-arriving older result is still recorded in history'
);
select is(
  (select health_latency_ms from public.connections where id = 'bbbbbbbb-0000-4000-8000-000000000001'),
  180, 'but it does not overwrite a newer status'
);

-- ---------------------------------------------------------------------------------------------
-- Owners may clear their history.
-- ---------------------------------------------------------------------------------------------
reset role;
select tests.reset_claims();
select tests.authenticate_as('alice');
select is(
  tests.affected_rows($$ delete from public.health_checks where connection_id = 'aaaaaaaa-0000-4000-8000-000000000001' $$),
  500::bigint, 'alice clears her connection''s history'
);
reset role;
select tests.reset_claims();
select is(
  (select count(*) from public.health_checks where connection_id = 'bbbbbbbb-0000-4000-8000-000000000001'),
  3::bigint, 'bob''s history is untouched'
);

select * from finish();
rollback;
