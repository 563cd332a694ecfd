-- list_generations: keyset pages, newest first, with filters; only ever the caller's rows.
begin;
\ir _helpers.psql
\ir _fixtures.psql
select plan(19);

-- alice gets 5 more runs, one per minute after the fixture's; two share a timestamp so the id
-- breaks the tie. One prompt contains LIKE wildcards.
insert into public.generations (id, owner_id, connection_id, model_id, prompt, created_at) values
  ('aaaaaaaa-0000-4000-8000-0000000000e2', tests.user_id('alice'), 'aaaaaaaa-0000-4000-8000-000000000001', 'qwen2.5:7b', 'Translate hello to French', now() + interval '1 minute'),
  ('aaaaaaaa-0000-4000-8000-0000000000e3', tests.user_id('alice'), 'aaaaaaaa-0000-4000-8000-000000000001', 'llama3.1:8b', 'What is 100% of 7?', now() + interval '2 minutes'),
  ('aaaaaaaa-0000-4000-8000-0000000000e4', tests.user_id('alice'), 'aaaaaaaa-0000-4000-8000-000000000001', 'llama3.1:8b', 'snake_case or camelCase?', now() + interval '3 minutes'),
  ('aaaaaaaa-0000-4000-8000-0000000000e5', tests.user_id('alice'), null, 'gpt-4o', 'A haiku about the sea', now() + interval '4 minutes'),
  ('aaaaaaaa-0000-4000-8000-0000000000e6', tests.user_id('alice'), null, 'gpt-4o', 'Another HAIKU about rain', now() + interval '4 minutes');

select tests.authenticate_as('alice');

select results_eq(
  $$ select id from public.list_generations(page_size => 3) $$,
  $$ values ('aaaaaaaa-0000-4000-8000-0000000000e6'::uuid), ('aaaaaaaa-0000-4000-8000-0000000000e5'::uuid),
            ('aaaaaaaa-0000-4000-8000-0000000000e4'::uuid) $$,
  'the first page is the newest runs, ties broken by id'
);
select results_eq(
  $$ select id from public.list_generations(
       before_created_at => (select created_at from public.generations where id = 'aaaaaaaa-0000-4000-8000-0000000000e4'),
       before_id => 'aaaaaaaa-0000-4000-8000-0000000000e4', page_size => 3) $$,
  $$ values ('aaaaaaaa-0000-4000-8000-0000000000e3'::uuid), ('aaaaaaaa-0000-4000-8000-0000000000e2'::uuid),
            ('aaaaaaaa-0000-4000-8000-0000000000e1'::uuid) $$,
  'the next page continues after the cursor with no gap or overlap'
);
select results_eq(
  $$ select id from public.list_generations(
       before_created_at => (select created_at from public.generations where id = 'aaaaaaaa-0000-4000-8000-0000000000e6'),
       before_id => 'aaaaaaaa-0000-4000-8000-0000000000e6', page_size => 1) $$,
  $$ values ('aaaaaaaa-0000-4000-8000-0000000000e5'::uuid) $$,
  'a cursor between two runs with the same timestamp splits them by id'
);
select is_empty(
  $$ select id from public.list_generations(
       before_created_at => (select created_at from public.generations where id = 'aaaaaaaa-0000-4000-8000-0000000000e1'),
       before_id => 'aaaaaaaa-0000-4000-8000-0000000000e1') $$,
  'past the oldest run the page is empty'
);
select results_eq(
  $$ select id from public.list_generations(model_id => 'llama3.1:8b') $$,
  $$ values ('aaaaaaaa-0000-4000-8000-0000000000e4'::uuid), ('aaaaaaaa-0000-4000-8000-0000000000e3'::uuid),
            ('aaaaaaaa-0000-4000-8000-0000000000e1'::uuid) $$,
  'filter by model'
);
select is(
  (select count(*) from public.list_generations(connection_id => 'aaaaaaaa-0000-4000-8000-000000000001')), 4::bigint,
  'filter by connection'
);
select results_eq(
  $$ select id from public.list_generations(favorites_only => true) $$,
  $$ values ('aaaaaaaa-0000-4000-8000-0000000000e1'::uuid) $$,
  'filter to favorites'
);
select results_eq(
  $$ select id from public.list_generations(collection_id => 'aaaaaaaa-0000-4000-8000-0000000000c1') $$,
  $$ values ('aaaaaaaa-0000-4000-8000-0000000000e1'::uuid) $$,
  'filter to a collection'
);
select results_eq(
  $$ select id from public.list_generations(search => 'haiku') $$,
  $$ values ('aaaaaaaa-0000-4000-8000-0000000000e6'::uuid), ('aaaaaaaa-0000-4000-8000-0000000000e5'::uuid),
            ('aaaaaaaa-0000-4000-8000-0000000000e1'::uuid) $$,
  'search matches the prompt case-insensitively'
);
select results_eq(
  $$ select id from public.list_generations(search => '100%') $$,
  $$ values ('aaaaaaaa-0000-4000-8000-0000000000e3'::uuid) $$,
  'a % typed in the search is literal'
);
select results_eq(
  $$ select id from public.list_generations(search => 'e_c') $$,
  $$ values ('aaaaaaaa-0000-4000-8000-0000000000e4'::uuid) $$,
  'an _ typed in the search is literal'
);
select results_eq(
  $$ select id from public.list_generations(search => 'haiku', model_id => 'gpt-4o', page_size => 1) $$,
  $$ values ('aaaaaaaa-0000-4000-8000-0000000000e6'::uuid) $$,
  'filters combine'
);
select throws_ok(
  $$ select * from public.list_generations(before_created_at => now()) $$,
  '22023', 'Pass both before_created_at and before_id (from the last row of the previous page), or neither for the first page.',
  'a half cursor is refused with a sentence'
);
select throws_ok(
  $$ select * from public.list_generations(page_size => 0) $$,
  '22023', 'page_size must be between 1 and 200.', 'page_size is bounded'
);

-- ---------------------------------------------------------------------------------------------
-- Another user's filters never reach alice's rows.
-- ---------------------------------------------------------------------------------------------
select tests.authenticate_as('bob');
select results_eq($$ select id from public.list_generations() $$, $$ values ('bbbbbbbb-0000-4000-8000-0000000000e1'::uuid) $$,
  'bob lists only his runs');
select is_empty($$ select id from public.list_generations(collection_id => 'aaaaaaaa-0000-4000-8000-0000000000c1') $$,
  'bob filtering by alice''s collection gets nothing');
select is_empty($$ select id from public.list_generations(connection_id => 'aaaaaaaa-0000-4000-8000-000000000001', search => 'a') $$,
  'bob filtering by alice''s connection gets nothing');

select tests.clear_authentication();
select throws_ok($$ select * from public.list_generations() $$, '42501',
  'permission denied for function list_generations', 'anon cannot list generations');

-- ---------------------------------------------------------------------------------------------
-- The cursor is an index condition, so a deep page costs what the first page costs.
-- ---------------------------------------------------------------------------------------------
reset role;
select tests.reset_claims();
create temporary table page_plan (line text);
set local enable_seqscan = off;
do $$
declare
  line text;
begin
  for line in execute format(
    'explain select g.* from public.generations g where g.owner_id = %L and (g.created_at, g.id) < (now(), %L::uuid) order by g.created_at desc, g.id desc limit 50',
    tests.user_id('alice'), gen_random_uuid())
  loop
    insert into page_plan values (line);
  end loop;
end
$$;
select ok(
  exists (select 1 from page_plan where line ~ 'Index Cond: .*ROW\(created_at, id\) < ROW'),
  'the keyset query list_generations runs uses the (owner_id, created_at, id) index with the cursor as index condition'
);

select * from finish();
rollback;
