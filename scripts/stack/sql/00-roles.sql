-- Bootstrap part 1: the roles and schemas a Supabase project has before any migration runs.
-- This is NOT a migration: on `supabase start` and on a hosted project the platform creates all of
-- this itself. The local stack runs it once, right after initdb, so that migrations written for
-- Supabase run here unchanged.

-- ---------------------------------------------------------------------------------------------
-- API roles. PostgREST logs in as `authenticator` and switches to the role named in the JWT.
-- ---------------------------------------------------------------------------------------------
create role anon nologin noinherit;
create role authenticated nologin noinherit;
create role service_role nologin noinherit bypassrls;
create role authenticator login noinherit password 'postgres';
grant anon, authenticated, service_role to authenticator;

-- The auth service logs in as this role, as GoTrue does on Supabase.
create role supabase_auth_admin login noinherit createrole password 'postgres';

-- `postgres` is the role migrations and the dashboard use; supabase_admin owns platform schemas.
-- Locally both are superusers: the cluster is private to the developer's machine.
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'postgres') then
    create role postgres login superuser password 'postgres';
  else
    alter role postgres with login superuser password 'postgres';
  end if;
  if not exists (select 1 from pg_roles where rolname = 'supabase_admin') then
    create role supabase_admin login superuser password 'postgres';
  else
    alter role supabase_admin with login superuser password 'postgres';
  end if;
end
$$;

grant anon, authenticated, service_role to postgres;

-- ---------------------------------------------------------------------------------------------
-- Schemas. `extensions` holds extensions so they stay out of the exposed `public` schema.
-- ---------------------------------------------------------------------------------------------
create schema if not exists extensions authorization supabase_admin;
grant usage on schema extensions to postgres, anon, authenticated, service_role;
alter default privileges in schema extensions grant execute on functions to postgres, anon, authenticated, service_role;

create extension if not exists pgcrypto with schema extensions;
create extension if not exists "uuid-ossp" with schema extensions;

alter database postgres set search_path = "$user", public, extensions;

-- Supabase's default privileges on `public`: every new table, function and sequence is granted to
-- the API roles, and row-level security is what protects the data. Migrations revoke what a table
-- does not need.
grant usage on schema public to postgres, anon, authenticated, service_role;
grant all on schema public to postgres;
alter default privileges for role postgres in schema public grant all on tables to anon, authenticated, service_role;
alter default privileges for role postgres in schema public grant all on functions to anon, authenticated, service_role;
alter default privileges for role postgres in schema public grant all on sequences to anon, authenticated, service_role;
alter default privileges for role supabase_admin in schema public grant all on tables to anon, authenticated, service_role;
alter default privileges for role supabase_admin in schema public grant all on functions to anon, authenticated, service_role;
alter default privileges for role supabase_admin in schema public grant all on sequences to anon, authenticated, service_role;

-- PostgREST's statement timeouts per role, as Supabase sets them.
alter role anon set statement_timeout = '3s';
alter role authenticated set statement_timeout = '8s';

-- ---------------------------------------------------------------------------------------------
-- Reload PostgREST's schema cache after DDL (Supabase ships the same event triggers), so a
-- migration applied while the stack runs is visible through the API at once.
-- ---------------------------------------------------------------------------------------------
create or replace function extensions.pgrst_ddl_watch() returns event_trigger
language plpgsql as $$
begin
  notify pgrst, 'reload schema';
end;
$$;

create or replace function extensions.pgrst_drop_watch() returns event_trigger
language plpgsql as $$
begin
  notify pgrst, 'reload schema';
end;
$$;

create event trigger pgrst_ddl_watch on ddl_command_end execute procedure extensions.pgrst_ddl_watch();
create event trigger pgrst_drop_watch on sql_drop execute procedure extensions.pgrst_drop_watch();
