-- =============================================================================================
-- Connections: where models come from, their lockbox secrets and their health history.
-- =============================================================================================

-- ---------------------------------------------------------------------------------------------
-- connections
-- ---------------------------------------------------------------------------------------------
create table public.connections (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  kind text not null references public.provider_kinds (id) on update cascade,
  name text not null,
  base_url text not null,
  models_path text,
  auth_header text,
  enabled boolean not null default true,
  probe_from text not null default 'server',
  health_status text not null default 'unknown',
  health_latency_ms integer,
  health_error text,
  health_error_code text,
  health_checked_at timestamptz,
  model_count integer not null default 0,
  models_refreshed_at timestamptz,
  last_used_at timestamptz,
  request_count bigint not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),

  -- Target of every child's composite foreign key; its leading owner_id also serves the policies.
  constraint connections_owner_id_id_key unique (owner_id, id),
  constraint connections_name_length check (char_length(name) between 1 and 100),
  constraint connections_name_trimmed check (name = btrim(name) and name !~ '[[:cntrl:]]'),
  -- http(s) only, and no user:password@ in the authority: credentials belong in the lockbox.
  constraint connections_base_url_http check (
    base_url ~ '^https?://[^/?#@[:space:]]+([/?#][^[:space:]]*)?$' and char_length(base_url) <= 2048
  ),
  constraint connections_models_path_format check (
    models_path ~ '^/[^[:space:]]*$' and char_length(models_path) <= 512
  ),
  constraint connections_auth_header_format check (auth_header ~ '^[A-Za-z0-9][A-Za-z0-9-]{0,63}$'),
  constraint connections_probe_from_known check (probe_from in ('server', 'browser')),
  constraint connections_health_status_known check (
    health_status in ('unknown', 'healthy', 'degraded', 'unhealthy')
  ),
  constraint connections_health_latency_ms_nonnegative check (health_latency_ms >= 0),
  constraint connections_health_error_length check (char_length(health_error) <= 2000),
  constraint connections_model_count_nonnegative check (model_count >= 0),
  constraint connections_request_count_nonnegative check (request_count >= 0)
);

-- Names are unique per user regardless of case ("Ollama" and "ollama" would be confusing).
create unique index connections_owner_name_key on public.connections (owner_id, lower(name));
create index connections_kind_idx on public.connections (kind);

comment on table public.connections is
  'One place models come from (a cloud API or a self-hosted server), owned by one user. Health, model count and usage columns are caches maintained by the database from health_checks, models and generations.';
comment on column public.connections.id is 'Connection id.';
comment on column public.connections.owner_id is 'The user who owns the connection (auth.users.id); defaults to the caller.';
comment on column public.connections.kind is 'Provider kind (provider_kinds.id): decides default URL, paths, auth scheme and adapters.';
comment on column public.connections.name is 'Display name, unique per user case-insensitively, 1-100 characters without surrounding spaces.';
comment on column public.connections.base_url is 'http(s) base URL without credentials, e.g. http://localhost:11434. Defaults to the kind''s default_base_url when omitted.';
comment on column public.connections.models_path is 'Overrides the kind''s models path (required for kind custom), e.g. /v1/models.';
comment on column public.connections.auth_header is 'For custom endpoints: header that carries the raw key instead of the kind''s scheme, e.g. X-API-Key.';
comment on column public.connections.enabled is 'Disabled connections are kept but their models are hidden from the picker and skipped by "check all".';
comment on column public.connections.probe_from is 'Where health checks and discovery run: server (Edge Function) or browser (for localhost/LAN servers a hosted backend cannot reach).';
comment on column public.connections.health_status is 'Latest health check result: unknown (never checked), healthy, degraded (slow or partial) or unhealthy. Maintained from health_checks.';
comment on column public.connections.health_latency_ms is 'Latency of the latest health check in milliseconds. Maintained from health_checks.';
comment on column public.connections.health_error is 'Human-readable error of the latest health check, null when it succeeded. Maintained from health_checks.';
comment on column public.connections.health_error_code is 'Machine-readable error category of the latest health check (see health_checks.error_code). Maintained from health_checks.';
comment on column public.connections.health_checked_at is 'When the latest health check ran. Maintained from health_checks.';
comment on column public.connections.model_count is 'Number of currently available models for this connection. Maintained from models.';
comment on column public.connections.models_refreshed_at is 'When the model list was last fetched (set by sync_connection_models); drives the "refresh when stale" rule.';
comment on column public.connections.last_used_at is 'When a prompt last ran on this connection. Maintained from generations.';
comment on column public.connections.request_count is 'Number of prompts run on this connection. Maintained from generations.';
comment on column public.connections.created_at is 'When the connection was created.';
comment on column public.connections.updated_at is 'When a user-editable setting last changed (health and usage updates do not count).';

-- Fill base_url from the kind and insist on a models path for kinds that have none (custom).
-- NOT NULL and CHECK constraints run after BEFORE triggers, so a missing base_url can be filled.
create function private.prepare_connection()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  kind_row public.provider_kinds%rowtype;
begin
  select * into kind_row from public.provider_kinds k where k.id = new.kind;
  if not found then
    return new; -- the foreign key reports the unknown kind
  end if;
  if new.base_url is null then
    new.base_url := kind_row.default_base_url;
  end if;
  if new.models_path is null and kind_row.models_path is null then
    raise exception using
      errcode = 'check_violation',
      constraint = 'connections_models_path_required',
      message = pg_catalog.format('A %s connection needs a models path, for example /v1/models.', kind_row.label),
      hint = 'Set models_path to the path that lists the server''s models.';
  end if;
  return new;
end;
$$;
comment on function private.prepare_connection() is
  'BEFORE INSERT/UPDATE trigger on connections: defaults base_url from the kind and requires a models path when the kind has none.';

create trigger prepare_connection
  before insert or update of kind, base_url, models_path on public.connections
  for each row execute function private.prepare_connection();

-- Only user-editable settings move updated_at; health and usage caches do not.
create trigger set_updated_at
  before update of kind, name, base_url, models_path, auth_header, enabled, probe_from on public.connections
  for each row execute function private.set_updated_at();

alter table public.connections enable row level security;

revoke all on table public.connections from anon, authenticated;
grant select on table public.connections to authenticated;
-- id is insertable so clients can create with a known id (optimistic UI, import/restore).
grant insert (id, owner_id, kind, name, base_url, models_path, auth_header, enabled, probe_from)
  on table public.connections to authenticated;
-- owner_id is not updatable: a connection cannot be handed to someone else. Caches are written
-- by the database; models_refreshed_at is stamped by sync_connection_models (security invoker).
grant update (kind, name, base_url, models_path, auth_header, enabled, probe_from, models_refreshed_at)
  on table public.connections to authenticated;
grant delete on table public.connections to authenticated;

create policy "Owners can read their connections"
  on public.connections for select to authenticated
  using ((select auth.uid()) = owner_id);
create policy "Owners can create their connections"
  on public.connections for insert to authenticated
  with check ((select auth.uid()) = owner_id);
create policy "Owners can update their connections"
  on public.connections for update to authenticated
  using ((select auth.uid()) = owner_id)
  with check ((select auth.uid()) = owner_id);
create policy "Owners can delete their connections"
  on public.connections for delete to authenticated
  using ((select auth.uid()) = owner_id);

-- ---------------------------------------------------------------------------------------------
-- Children of a connection written by server code (service_role) may omit owner_id: it is taken
-- from the connection. For an authenticated caller owner_id already defaults to auth.uid(), and
-- RLS plus the composite foreign key still decide whether the row is allowed.
-- ---------------------------------------------------------------------------------------------
create function private.fill_owner_from_connection()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.owner_id is null then
    select c.owner_id into new.owner_id from public.connections c where c.id = new.connection_id;
  end if;
  return new;
end;
$$;
comment on function private.fill_owner_from_connection() is
  'BEFORE INSERT trigger: when owner_id is null (server-side writers), copies it from the parent connection.';

-- ---------------------------------------------------------------------------------------------
-- connection_secrets: the lockbox. An Edge Function (service_role) encrypts each key with
-- AES-256-GCM and stores ciphertext + IV here. The browser may learn only that a key exists, its
-- last four characters and when it changed: authenticated has SELECT on those columns only and
-- no write privilege at all.
-- ---------------------------------------------------------------------------------------------
create table public.connection_secrets (
  owner_id uuid not null default auth.uid(),
  connection_id uuid not null,
  ciphertext bytea not null,
  iv bytea not null,
  key_version integer not null,
  hint text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),

  -- One key per connection; the key equals the foreign key so PostgREST embeds it one-to-one.
  constraint connection_secrets_pkey primary key (owner_id, connection_id),
  constraint connection_secrets_connection_fkey foreign key (owner_id, connection_id)
    references public.connections (owner_id, id) on delete cascade,
  constraint connection_secrets_iv_length check (octet_length(iv) = 12),
  -- At least the 16-byte GCM tag plus one byte of key; keys are short, so cap the size.
  constraint connection_secrets_ciphertext_length check (octet_length(ciphertext) between 17 and 16384),
  constraint connection_secrets_key_version_positive check (key_version > 0),
  constraint connection_secrets_hint_length check (char_length(hint) between 1 and 4)
);

comment on table public.connection_secrets is
  'Lockbox: one AES-256-GCM encrypted API key per connection, written and read only by Edge Functions (service_role). Signed-in owners can see only connection_id, owner_id, hint, created_at and updated_at.';
comment on column public.connection_secrets.owner_id is 'Owner of the connection (copied from the connection when omitted).';
comment on column public.connection_secrets.connection_id is 'The connection this key belongs to; deleted with it.';
comment on column public.connection_secrets.ciphertext is 'AES-256-GCM ciphertext with the 16-byte tag appended; associated data binds it to owner_id and connection_id. Never readable by the browser.';
comment on column public.connection_secrets.iv is 'The 96-bit (12-byte) random IV used for this ciphertext; fresh on every write.';
comment on column public.connection_secrets.key_version is 'Version of the master key (function secret) that encrypted this row, so master keys can be rotated.';
comment on column public.connection_secrets.hint is 'Last four characters of the key, shown as "...abcd".';
comment on column public.connection_secrets.created_at is 'When a key was first stored for this connection.';
comment on column public.connection_secrets.updated_at is 'When the key last changed (set, replaced or re-encrypted).';

create trigger fill_owner_from_connection
  before insert on public.connection_secrets
  for each row execute function private.fill_owner_from_connection();
create trigger set_updated_at
  before update on public.connection_secrets
  for each row execute function private.set_updated_at();

alter table public.connection_secrets enable row level security;

revoke all on table public.connection_secrets from anon, authenticated;
grant select (owner_id, connection_id, hint, created_at, updated_at)
  on table public.connection_secrets to authenticated;

create policy "Owners can see which of their connections have a key"
  on public.connection_secrets for select to authenticated
  using ((select auth.uid()) = owner_id);

-- The browser-safe projection of the lockbox, so clients can `select *` (selecting * from the
-- table itself is denied because of the ciphertext and iv columns).
create view public.connection_keys
with (security_invoker = true)
as
select s.owner_id, s.connection_id, s.hint, s.created_at, s.updated_at
from public.connection_secrets s;

comment on view public.connection_keys is
  'What the browser may know about stored API keys: one row per connection that has a key, with its last four characters and when it changed.';
comment on column public.connection_keys.owner_id is 'Owner of the connection.';
comment on column public.connection_keys.connection_id is 'Connection that has a stored key.';
comment on column public.connection_keys.hint is 'Last four characters of the key.';
comment on column public.connection_keys.created_at is 'When a key was first stored.';
comment on column public.connection_keys.updated_at is 'When the key last changed.';

revoke all on table public.connection_keys from anon, authenticated;
grant select on table public.connection_keys to authenticated;

-- ---------------------------------------------------------------------------------------------
-- health_checks: the probe history (Edge Function or browser), bounded per connection. Each new
-- check also refreshes the connection's health_* cache.
-- ---------------------------------------------------------------------------------------------
create table public.health_checks (
  id bigint generated always as identity primary key,
  owner_id uuid not null default auth.uid(),
  connection_id uuid not null,
  status text not null,
  latency_ms integer,
  error text,
  error_code text,
  model_count integer,
  source text not null,
  checked_at timestamptz not null default now(),

  constraint health_checks_connection_fkey foreign key (owner_id, connection_id)
    references public.connections (owner_id, id) on delete cascade,
  constraint health_checks_status_known check (status in ('healthy', 'degraded', 'unhealthy', 'unknown')),
  constraint health_checks_latency_ms_nonnegative check (latency_ms >= 0),
  constraint health_checks_error_length check (char_length(error) <= 2000),
  constraint health_checks_error_code_known check (
    error_code in (
      'dns_failure', 'connection_refused', 'timeout', 'tls_error', 'invalid_key', 'rate_limited',
      'cors_blocked', 'bad_response', 'http_error', 'blocked_address', 'network_error', 'unknown'
    )
  ),
  constraint health_checks_model_count_nonnegative check (model_count >= 0),
  constraint health_checks_source_known check (source in ('server', 'browser'))
);

-- "Latest N checks of a connection" (dashboard chart) and the retention trim both walk this.
create index health_checks_connection_latest_idx
  on public.health_checks (owner_id, connection_id, checked_at desc, id desc);

comment on table public.health_checks is
  'Health check history per connection (the latest 500 are kept). Inserting a check updates the connection''s health_* columns.';
comment on column public.health_checks.id is 'Check id (insertion order).';
comment on column public.health_checks.owner_id is 'Owner of the connection; defaults to the caller, or to the connection''s owner for server-side writers.';
comment on column public.health_checks.connection_id is 'The connection that was checked.';
comment on column public.health_checks.status is 'healthy, degraded (slow or partial), unhealthy, or unknown (the probe could not decide).';
comment on column public.health_checks.latency_ms is 'Round-trip time of the probe in milliseconds; null when no response arrived.';
comment on column public.health_checks.error is 'Human-readable error, e.g. "Connection refused by localhost:11434"; null when healthy.';
comment on column public.health_checks.error_code is 'Error category for the UI to explain the fix: dns_failure, connection_refused, timeout, tls_error, invalid_key, rate_limited, cors_blocked, bad_response, http_error, blocked_address, network_error, unknown.';
comment on column public.health_checks.model_count is 'Number of models the probe''s model list returned, when it returned one.';
comment on column public.health_checks.source is 'Where the probe ran: server (Edge Function) or browser.';
comment on column public.health_checks.checked_at is 'When the check ran (server time of the insert).';

create trigger fill_owner_from_connection
  before insert on public.health_checks
  for each row execute function private.fill_owner_from_connection();

-- Security definer: the health_* cache columns are not writable by authenticated, and the trim
-- deletes rows regardless of who inserted. Only rows of connections named by the inserted checks
-- are touched, and those inserts already passed RLS and the composite foreign key.
create function private.apply_health_checks()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.connections c
     set health_status = latest.status,
         health_latency_ms = latest.latency_ms,
         health_error = latest.error,
         health_error_code = latest.error_code,
         health_checked_at = latest.checked_at
    from (
      select distinct on (n.owner_id, n.connection_id)
             n.owner_id, n.connection_id, n.status, n.latency_ms, n.error, n.error_code, n.checked_at
        from new_checks n
       order by n.owner_id, n.connection_id, n.checked_at desc, n.id desc
    ) latest
   where c.owner_id = latest.owner_id
     and c.id = latest.connection_id
     and (c.health_checked_at is null or c.health_checked_at <= latest.checked_at);

  -- Retention: keep the newest 500 checks per connection.
  delete from public.health_checks h
   where h.id in (
     select old_check.id
       from (select distinct n.owner_id, n.connection_id from new_checks n) touched
      cross join lateral (
        select x.id
          from public.health_checks x
         where x.owner_id = touched.owner_id
           and x.connection_id = touched.connection_id
         order by x.checked_at desc, x.id desc
        offset 500
      ) old_check
   );
  return null;
end;
$$;
comment on function private.apply_health_checks() is
  'AFTER INSERT statement trigger on health_checks: copies each connection''s newest check into connections.health_* and trims history to the newest 500 checks per connection.';

create trigger apply_health_checks
  after insert on public.health_checks
  referencing new table as new_checks
  for each statement execute function private.apply_health_checks();

alter table public.health_checks enable row level security;

revoke all on table public.health_checks from anon, authenticated;
grant select on table public.health_checks to authenticated;
grant insert (owner_id, connection_id, status, latency_ms, error, error_code, model_count, source)
  on table public.health_checks to authenticated;
-- History is immutable (no UPDATE); owners may clear it.
grant delete on table public.health_checks to authenticated;

create policy "Owners can read their health checks"
  on public.health_checks for select to authenticated
  using ((select auth.uid()) = owner_id);
create policy "Owners can record health checks of their connections"
  on public.health_checks for insert to authenticated
  with check ((select auth.uid()) = owner_id);
create policy "Owners can delete their health checks"
  on public.health_checks for delete to authenticated
  using ((select auth.uid()) = owner_id);

revoke execute on all functions in schema private from public, anon, authenticated;
