-- consume_rate_limit and rate_limit_counters: server code counts, users can only look.
begin;
\ir _helpers.psql
\ir _fixtures.psql
select plan(17);

select tests.authenticate_as_service_role();

select is(
  public.consume_rate_limit(tests.user_id('alice'), 'probe', 2, 60) - 'reset_at',
  '{"allowed": true, "limit": 2, "remaining": 1, "retry_after_seconds": 0}'::jsonb,
  'the first request is allowed and the remaining quota reported'
);
select is(
  (public.consume_rate_limit(tests.user_id('alice'), 'probe', 2, 60) ->> 'remaining')::integer, 0,
  'the second uses the last of the quota'
);
select results_eq(
  $$ select (r ->> 'allowed')::boolean, (r ->> 'retry_after_seconds')::integer between 1 and 60
       from public.consume_rate_limit(tests.user_id('alice'), 'probe', 2, 60) as r $$,
  $$ values (false, true) $$,
  'the third is refused with a Retry-After within the window'
);
select is(
  (public.consume_rate_limit(tests.user_id('alice'), 'run_prompt', 2, 60) ->> 'allowed')::boolean, true,
  'buckets are counted separately'
);
select is(
  (public.consume_rate_limit(tests.user_id('bob'), 'probe', 2, 60) ->> 'allowed')::boolean, true,
  'users are counted separately'
);
select ok(
  (public.consume_rate_limit(tests.user_id('alice'), 'probe', 2, 60) ->> 'reset_at')::timestamptz > now(),
  'reset_at is when the window ends'
);
select throws_ok(
  format($$ select public.consume_rate_limit(%L, 'probe', 0, 60) $$, tests.user_id('alice')),
  '22023', 'max_requests must be at least 1 and window_seconds between 1 and 86400.',
  'limits must be sensible'
);
select throws_ok(
  format($$ select public.consume_rate_limit(%L, 'Not A Bucket!', 5, 60) $$, tests.user_id('alice')),
  '23514', 'new row for relation "rate_limit_counters" violates check constraint "rate_limit_counters_bucket_format"',
  'bucket names are short identifiers'
);

-- Older windows are pruned when a new one starts.
reset role;
select tests.reset_claims();
insert into public.rate_limit_counters (owner_id, bucket, window_start, request_count)
values (tests.user_id('alice'), 'probe', now() - interval '1 day', 99);
select tests.authenticate_as_service_role();
select public.consume_rate_limit(tests.user_id('alice'), 'probe', 2, 60) is not null as counted \gset
select is(
  (select count(*) from public.rate_limit_counters where owner_id = tests.user_id('alice') and bucket = 'probe'),
  1::bigint, 'only the current window is kept'
);

-- ---------------------------------------------------------------------------------------------
-- Users: read their own usage; cannot consume, reset or see others'.
-- ---------------------------------------------------------------------------------------------
reset role;
select tests.reset_claims();
select tests.authenticate_as('alice');
select set_eq($$ select bucket from public.rate_limit_counters $$, array['probe', 'run_prompt'],
  'alice reads her own usage');
select throws_ok(
  format($$ select public.consume_rate_limit(%L, 'probe', 1000000, 1) $$, tests.user_id('bob')),
  '42501', 'permission denied for function consume_rate_limit',
  'a signed-in user cannot call consume_rate_limit (not even to burn someone else''s quota)'
);
select throws_ok($$ delete from public.rate_limit_counters $$, '42501',
  'permission denied for table rate_limit_counters', 'alice cannot reset her counters');
select throws_ok($$ update public.rate_limit_counters set request_count = 0 $$, '42501',
  'permission denied for table rate_limit_counters', 'alice cannot lower her counters');
select throws_ok(
  $$ insert into public.rate_limit_counters (owner_id, bucket, window_start) values (auth.uid(), 'probe', now() + interval '1 hour') $$,
  '42501', 'permission denied for table rate_limit_counters', 'alice cannot pre-create windows');

select tests.authenticate_as('bob');
select set_eq($$ select bucket from public.rate_limit_counters $$, array['probe'],
  'bob sees only his own usage');

select tests.clear_authentication();
select throws_ok($$ select bucket from public.rate_limit_counters $$, '42501',
  'permission denied for table rate_limit_counters', 'anon cannot read usage');
select throws_ok(
  format($$ select public.consume_rate_limit(%L, 'probe', 1, 60) $$, tests.user_id('alice')),
  '42501', 'permission denied for function consume_rate_limit', 'anon cannot consume quota');

select * from finish();
rollback;
