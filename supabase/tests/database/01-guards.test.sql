-- Guards over the whole schema: they fail as soon as a future migration adds a table, view,
-- policy or function that breaks the rules the rest of the suite relies on.
begin;
\ir _helpers.psql
select plan(25);

-- ---------------------------------------------------------------------------------------------
-- Row-level security everywhere, with sane policies.
-- ---------------------------------------------------------------------------------------------
select is_empty(
  $$ select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relrowsecurity $$,
  'every table in public has row-level security enabled'
);

select is_empty(
  $$ select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p')
        and not exists (select 1 from pg_policy p where p.polrelid = c.oid) $$,
  'every table in public has at least one policy'
);

select is_empty(
  $$ select tablename || ': ' || policyname from pg_policies
      where schemaname = 'public' and cmd <> 'SELECT'
        and (   lower(regexp_replace(coalesce(qual, ''), '[\s()]', '', 'g')) in ('true', '1=1')
             or lower(regexp_replace(coalesce(with_check, ''), '[\s()]', '', 'g')) in ('true', '1=1')
             or (cmd = 'INSERT' and with_check is null)
             or (cmd in ('UPDATE', 'DELETE', 'ALL') and qual is null)
             or (cmd in ('UPDATE', 'ALL') and with_check is null)) $$,
  'no write policy is always true, and update policies have both using and with check'
);

select is_empty(
  $$ select tablename || ': ' || policyname from pg_policies
      where schemaname = 'public' and roles <> '{authenticated}'::name[] $$,
  'every policy applies to authenticated only (anon gets nothing, no policy for public)'
);

select is_empty(
  $$ select tablename || ': ' || policyname from pg_policies
      where schemaname = 'public'
        and regexp_count(coalesce(qual, '') || coalesce(with_check, ''), 'auth\.uid\(\)')
         <> regexp_count(coalesce(qual, '') || coalesce(with_check, ''), 'SELECT auth\.uid\(\)') $$,
  'policies call auth.uid() through (select auth.uid()), evaluated once per statement'
);

select is_empty(
  $$ select tablename || ': ' || policyname from pg_policies
      where schemaname = 'public'
        and (coalesce(qual, '') || coalesce(with_check, '')) ~* '(user_metadata|raw_user_meta_data|auth\.jwt)' $$,
  'no policy authorizes on JWT or user metadata'
);

select is_empty(
  $$ select tablename || ' ' || cmd from pg_policies where schemaname = 'public'
      group by tablename, cmd having count(*) > 1 $$,
  'one policy per table and operation'
);

-- ---------------------------------------------------------------------------------------------
-- Privileges: anon has nothing; the lockbox, audit, revision and catalogue tables are read-only.
-- ---------------------------------------------------------------------------------------------
select is_empty(
  $$ select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm')
        and (has_table_privilege('anon', c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')
             or has_any_column_privilege('anon', c.oid, 'SELECT, INSERT, UPDATE, REFERENCES')) $$,
  'anon has no privilege on any table or view in public'
);

select is_empty(
  $$ select p.oid::regprocedure::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname in ('public', 'private') and has_function_privilege('anon', p.oid, 'EXECUTE') $$,
  'anon cannot execute any function in public or private'
);

select is_empty(
  $$ select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm')
        and has_table_privilege('authenticated', c.oid, 'TRUNCATE, REFERENCES, TRIGGER') $$,
  'authenticated has no TRUNCATE, REFERENCES or TRIGGER anywhere in public'
);

select is_empty(
  $$ select t from unnest(array['public.audit_events', 'public.preference_revisions',
                                'public.provider_kinds', 'public.connection_secrets']) as t
      where has_table_privilege('authenticated', t, 'INSERT, UPDATE, DELETE')
         or has_any_column_privilege('authenticated', t, 'INSERT, UPDATE') $$,
  'authenticated cannot write audit_events, preference_revisions, provider_kinds or connection_secrets'
);

select is_empty(
  $$ select t from unnest(array['public.audit_events', 'public.provider_kinds']) as t
      where has_table_privilege('service_role', t, 'INSERT, UPDATE, DELETE, TRUNCATE') $$,
  'not even service_role can write the audit history or the provider catalogue'
);

select ok(
  not has_column_privilege('authenticated', 'public.connection_secrets', 'ciphertext', 'SELECT')
  and not has_column_privilege('authenticated', 'public.connection_secrets', 'iv', 'SELECT')
  and not has_column_privilege('authenticated', 'public.connection_secrets', 'key_version', 'SELECT'),
  'authenticated cannot select the lockbox ciphertext, iv or key_version columns'
);

-- ---------------------------------------------------------------------------------------------
-- Functions: fixed search_path everywhere; security definer never reachable from the API.
-- ---------------------------------------------------------------------------------------------
select is_empty(
  $$ select p.oid::regprocedure::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname in ('public', 'private')
        and not exists (select 1 from unnest(coalesce(p.proconfig, '{}')) c where c like 'search_path=%') $$,
  'every function in public and private has a fixed search_path'
);

select is_empty(
  $$ select p.oid::regprocedure::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where p.prosecdef and n.nspname in ('public', 'graphql_public', 'private')
        and not exists (select 1 from unnest(coalesce(p.proconfig, '{}')) c where c in ('search_path=""', 'search_path=')) $$,
  'every security definer function has search_path set to empty'
);

select is_empty(
  $$ select p.oid::regprocedure::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where p.prosecdef and n.nspname not in ('pg_catalog', 'information_schema', 'auth', 'extensions', 'tests')
        and (has_function_privilege('anon', p.oid, 'EXECUTE')
             or has_function_privilege('authenticated', p.oid, 'EXECUTE')) $$,
  'no security definer function is executable by anon or authenticated'
);

select is_empty(
  $$ select p.oid::regprocedure::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = 'private' and has_function_privilege('authenticated', p.oid, 'EXECUTE') $$,
  'authenticated cannot execute anything in private'
);

select ok(
  not has_schema_privilege('anon', 'private', 'USAGE')
  and not has_schema_privilege('authenticated', 'private', 'USAGE'),
  'the API roles have no usage on the private schema'
);

select is_empty(
  $$ select e.extname from pg_extension e join pg_namespace n on n.oid = e.extnamespace
      where n.nspname = 'public' $$,
  'no extension is installed in the exposed public schema'
);

-- ---------------------------------------------------------------------------------------------
-- Views run with the caller's rights; foreign keys are indexed; Studio shows comments.
-- ---------------------------------------------------------------------------------------------
select is_empty(
  $$ select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'v'
        and not coalesce(c.reloptions @> '{security_invoker=true}', false) $$,
  'every view in public is security_invoker'
);

select is_empty(
  $$ select con.conrelid::regclass::text || ' ' || con.conname
       from pg_constraint con join pg_namespace n on n.oid = con.connamespace
      where con.contype = 'f' and n.nspname = 'public'
        and not exists (
          select 1 from pg_index i
           where i.indrelid = con.conrelid and i.indisvalid
             and (string_to_array(i.indkey::text, ' ')::smallint[])[1:cardinality(con.conkey)] = con.conkey) $$,
  'every foreign key in public has an index whose leading columns are the key (splinter unindexed_foreign_keys)'
);

select is_empty(
  $$ select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
       join pg_attribute a on a.attrelid = c.oid and a.attname = 'owner_id'
      where n.nspname = 'public' and c.relkind in ('r', 'p')
        and not exists (select 1 from pg_index i where i.indrelid = c.oid and i.indisvalid and i.indkey[0] = a.attnum) $$,
  'every table''s owner_id (the column every policy filters on) leads an index'
);

select is_empty(
  $$ select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm')
        and obj_description(c.oid, 'pg_class') is null $$,
  'every table and view in public has a comment'
);

select is_empty(
  $$ select c.relname || '.' || a.attname
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
       join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
      where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm')
        and col_description(c.oid, a.attnum) is null $$,
  'every column of every table and view in public has a comment'
);

select is_empty(
  $$ select p.oid::regprocedure::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname in ('public', 'private') and obj_description(p.oid, 'pg_proc') is null $$,
  'every function in public and private has a comment'
);

select * from finish();
rollback;
