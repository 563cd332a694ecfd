-- The foundation every migration builds on: Supabase's roles, the auth helpers, and guards that
-- hold for the whole `public` schema (they pass trivially on an empty schema and catch the first
-- migration that breaks the rules).
begin;
select plan(36);

-- ---------------------------------------------------------------------------------------------
-- Roles: PostgREST logs in as authenticator and becomes anon, authenticated or service_role.
-- ---------------------------------------------------------------------------------------------
select has_role('anon');
select has_role('authenticated');
select has_role('service_role');
select has_role('authenticator');
select has_role('supabase_admin');
select has_role('supabase_auth_admin');

select ok(not rolcanlogin, format('%s cannot log in', rolname)) from pg_roles where rolname in ('anon', 'authenticated', 'service_role') order by rolname;
select ok(not rolbypassrls, format('%s is subject to row-level security', rolname)) from pg_roles where rolname in ('anon', 'authenticated') order by rolname;
select ok(rolbypassrls, 'service_role bypasses row-level security') from pg_roles where rolname = 'service_role';
select ok(rolcanlogin and not rolinherit, 'authenticator logs in but has no privileges of its own (noinherit)') from pg_roles where rolname = 'authenticator';
select ok(pg_has_role('authenticator', r, 'MEMBER'), format('authenticator can switch to %s', r)) from unnest(array['anon', 'authenticated', 'service_role']) as r;
select ok(not rolsuper, format('%s is not a superuser', rolname)) from pg_roles where rolname in ('anon', 'authenticated', 'service_role', 'authenticator') order by rolname;

-- ---------------------------------------------------------------------------------------------
-- Schemas: auth belongs to the platform (so `supabase db reset` leaves it alone), extensions hold
-- extensions.
-- ---------------------------------------------------------------------------------------------
select schema_owner_is('auth', 'supabase_admin');
select has_schema('extensions');
select has_table('auth', t, format('auth.%s exists, as in Supabase Auth', t)) from unnest(array['users', 'identities', 'sessions', 'refresh_tokens']) as t;
select is((select extnamespace::regnamespace::text from pg_extension where extname = 'pgcrypto'), 'extensions', 'pgcrypto lives in extensions');

-- ---------------------------------------------------------------------------------------------
-- auth.uid(), auth.role(), auth.jwt() read the claims PostgREST sets for the request.
-- ---------------------------------------------------------------------------------------------
set local request.jwt.claims to '{"sub": "6f1e1d2c-4b3a-4e5f-8a9b-0c1d2e3f4a5b", "role": "authenticated", "email": "ada@example.com", "aal": "aal1"}';
select is(auth.uid(), '6f1e1d2c-4b3a-4e5f-8a9b-0c1d2e3f4a5b'::uuid, 'auth.uid() is the sub claim');
select is(auth.role(), 'authenticated', 'auth.role() is the role claim');
select is(auth.jwt() ->> 'email', 'ada@example.com', 'auth.jwt() holds every claim');
select is(auth.email(), 'ada@example.com', 'auth.email() is the email claim');

set local request.jwt.claims to '{"role": "anon"}';
select is(auth.uid(), null, 'auth.uid() is null for the anon key (no sub)');
select is(auth.role(), 'anon', 'auth.role() is anon for the anon key');

-- ---------------------------------------------------------------------------------------------
-- Guards over the whole public schema (Supabase's linter calls these rls_disabled_in_public,
-- policy always true, function_search_path_mutable).
-- ---------------------------------------------------------------------------------------------
select is_empty(
  $$ select c.oid::regclass::text from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relrowsecurity $$,
  'every table in public has row-level security enabled'
);
select is_empty(
  $$ select format('%s on %s', policyname, tablename) from pg_policies
     where schemaname = 'public' and cmd in ('INSERT', 'UPDATE', 'DELETE', 'ALL')
       and (btrim(qual) = 'true' or btrim(with_check) = 'true') $$,
  'no insert/update/delete policy in public is always true'
);
select is_empty(
  $$ select p.oid::regprocedure::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     where n.nspname = 'public' and p.prosecdef
       and not exists (select 1 from unnest(coalesce(p.proconfig, '{}')) as setting where setting like 'search_path=%') $$,
  'every security definer function in public fixes its search_path'
);

select * from finish();
rollback;
