-- =============================================================================================
-- Foundation: extensions, the private schema, and the small trigger helpers every area shares.
--
-- Ground rules for the whole schema (each later migration follows them):
--   * Every table in `public` has row-level security. anon gets nothing; authenticated gets back
--     only the privileges (often column lists) the browser needs, and one policy per operation,
--     always `to authenticated` and always `(select auth.uid()) = owner_id`.
--   * Children point at their parents through composite foreign keys that include owner_id
--     (`(owner_id, connection_id) references connections (owner_id, id)`), so "a row may only point
--     at the same user's rows" is a constraint, not a hope, and the FK index doubles as the
--     policy index.
--   * Privileged work (audit rows, health/usage caches, revision counters, history retention)
--     happens in triggers whose functions live in `private`, a schema the API does not expose and
--     on which nobody but the owner has EXECUTE. RPCs in `public` are all security invoker, so RLS
--     applies to everything a caller can reach.
--   * Every function sets `search_path = ''` and schema-qualifies what it uses.
-- =============================================================================================

-- Trigram indexes back the generations prompt search (`ilike '%term%'`). Extensions live in
-- `extensions`, never in the exposed `public` schema.
create extension if not exists pg_trgm with schema extensions;

-- ---------------------------------------------------------------------------------------------
-- private: trigger functions and internals. Not in the API's exposed schemas, no USAGE for the
-- API roles, and no EXECUTE for PUBLIC on anything created here.
-- ---------------------------------------------------------------------------------------------
create schema if not exists private;
comment on schema private is
  'Internal trigger functions and helpers. Not exposed through the Data API; the API roles have no access.';

revoke all on schema private from public;
-- Functions are executable by PUBLIC by default in Postgres; nothing in this schema should be.
alter default privileges in schema private revoke execute on functions from public;

-- ---------------------------------------------------------------------------------------------
-- updated_at maintenance. Trigger functions run with the caller's privileges; assigning NEW
-- needs no column privilege, so clients never have to (and cannot) send updated_at themselves.
-- ---------------------------------------------------------------------------------------------
create function private.set_updated_at()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := pg_catalog.now();
  return new;
end;
$$;
comment on function private.set_updated_at() is
  'BEFORE UPDATE trigger: stamps updated_at with the transaction time.';

revoke execute on all functions in schema private from public, anon, authenticated;
