-- Deleting an account removes every row it owns, in every table, and nothing of anyone else's.
begin;
\ir _helpers.psql
\ir _fixtures.psql
select plan(5);

-- Give alice a preference revision and some history too.
select tests.authenticate_as('alice');
select public.save_model_preferences(0, '[{"connection_id": "aaaaaaaa-0000-4000-8000-000000000001", "model_id": "qwen2.5:7b", "enabled": false}]') is not null as saved \gset
reset role;
select tests.reset_claims();
select public.consume_rate_limit(tests.user_id('alice'), 'probe', 10, 60) is not null as counted \gset

-- Every table in public with an owner_id column, found in the catalog so new tables are covered.
create temporary table owned_rows_before as
select c.relname::text as table_name, 'owner_id'::text as owner_column
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  join pg_attribute a on a.attrelid = c.oid and a.attname = 'owner_id' and not a.attisdropped
 where n.nspname = 'public' and c.relkind in ('r', 'p');

create function pg_temp.rows_owned_by(owner uuid)
returns table (table_name text, row_count bigint)
language plpgsql
as $$
declare
  t record;
begin
  for t in select * from owned_rows_before loop
    table_name := t.table_name;
    execute format('select count(*) from public.%I where %I = $1', t.table_name, t.owner_column)
      into row_count using owner;
    return next;
  end loop;
end;
$$;

create temporary table bob_before as select * from pg_temp.rows_owned_by(tests.user_id('bob'));
create temporary table alice_id as select tests.user_id('alice') as id;
create temporary table alice_before as select * from pg_temp.rows_owned_by(tests.user_id('alice'));

select is(
  (select count(*) from owned_rows_before), 13::bigint,
  'the check covers every owned table (update this count when adding one)'
);
select is_empty(
  $$ select table_name from alice_before where row_count = 0 $$,
  'before the deletion alice owns rows in every one of those tables'
);
select lives_ok(
  format($$ delete from auth.users where id = %L $$, tests.user_id('alice')),
  'an account with data in every table can be deleted'
);
select is_empty(
  $$ select table_name from pg_temp.rows_owned_by((select id from alice_id)) where row_count > 0 $$,
  'no table keeps a row of the deleted account'
);
select set_eq(
  $$ select table_name, row_count from pg_temp.rows_owned_by(tests.user_id('bob')) $$,
  $$ select table_name, row_count from bob_before $$,
  'every row of other accounts is still there'
);

select * from finish();
rollback;
