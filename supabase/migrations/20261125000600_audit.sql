-- =============================================================================================
-- Audit history: who changed which connection, key or preset, when, and which fields.
--
-- Rows are written only by triggers (security definer, owned by the migration role), so the
-- history cannot be forged, edited or erased through the API, not even by its owner or by
-- service_role. Key events never carry the key, ciphertext or IV: at most the last-four hint.
-- =============================================================================================

create table public.audit_events (
  id bigint generated always as identity primary key,
  owner_id uuid not null references auth.users (id) on delete cascade,
  actor_id uuid,
  actor_role text not null,
  entity_type text not null,
  entity_id uuid not null,
  entity_label text,
  action text not null,
  changed_fields text[] not null default '{}',
  details jsonb not null default '{}'::jsonb,
  occurred_at timestamptz not null default now(),

  constraint audit_events_entity_type_known check (entity_type in ('connection', 'model_preset')),
  constraint audit_events_action_known check (
    action in ('created', 'updated', 'deleted', 'key_set', 'key_replaced', 'key_removed')
  ),
  constraint audit_events_details_object check (jsonb_typeof(details) = 'object')
);

-- The connection (or preset) page lists its own history, newest first.
create index audit_events_entity_idx
  on public.audit_events (owner_id, entity_type, entity_id, occurred_at desc, id desc);

comment on table public.audit_events is
  'Append-only history of changes to connections, their API keys and model presets. Written only by database triggers; owners can read theirs; nobody can edit or delete it through the API.';
comment on column public.audit_events.id is 'Event id (insertion order).';
comment on column public.audit_events.owner_id is 'Owner of the changed entity; the history is deleted with the account.';
comment on column public.audit_events.actor_id is 'auth.uid() of the caller that made the change; null for server-side writers (Edge Functions with service_role, e.g. the lockbox) and direct database sessions.';
comment on column public.audit_events.actor_role is 'Role that made the change: authenticated (the user in the app), service_role (an Edge Function acting for the user) or the database role for Studio/SQL edits.';
comment on column public.audit_events.entity_type is 'connection (including its API key events) or model_preset.';
comment on column public.audit_events.entity_id is 'Id of the connection or preset; not a foreign key, so the history outlives the entity.';
comment on column public.audit_events.entity_label is 'Name of the entity at the time of the event.';
comment on column public.audit_events.action is 'created, updated, deleted, key_set, key_replaced or key_removed.';
comment on column public.audit_events.changed_fields is 'Names of the fields set (created) or changed (updated); api_key for key events. Never values.';
comment on column public.audit_events.details is 'Extra facts safe to show: for key events the last-four hint and master key version. Never the key, ciphertext or IV.';
comment on column public.audit_events.occurred_at is 'When the change was committed (transaction time).';

alter table public.audit_events enable row level security;

revoke all on table public.audit_events from anon, authenticated, service_role;
grant select on table public.audit_events to authenticated, service_role;

create policy "Owners can read their audit history"
  on public.audit_events for select to authenticated
  using ((select auth.uid()) = owner_id);

-- ---------------------------------------------------------------------------------------------
-- Row changes of connections and presets. TG_ARGV[0] is the entity type; further arguments name
-- columns that are caches, not settings, and never make an event on their own.
-- ---------------------------------------------------------------------------------------------
create function private.record_audit_event()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  audited_type text := tg_argv[0];
  ignored text[] := tg_argv[1:] || array['id', 'owner_id', 'created_at', 'updated_at'];
  old_doc jsonb;
  new_doc jsonb;
  doc jsonb;
  row_owner uuid;
  event_action text;
  fields text[] := '{}'::text[];
begin
  if tg_op <> 'INSERT' then
    old_doc := pg_catalog.to_jsonb(old);
  end if;
  if tg_op <> 'DELETE' then
    new_doc := pg_catalog.to_jsonb(new);
  end if;
  doc := coalesce(new_doc, old_doc);
  row_owner := (doc ->> 'owner_id')::uuid;

  -- When the account itself is being deleted its rows cascade away, and so does its history.
  if not exists (select 1 from auth.users u where u.id = row_owner) then
    return null;
  end if;

  if tg_op = 'INSERT' then
    event_action := 'created';
    select coalesce(pg_catalog.array_agg(n.key order by n.key), '{}') into fields
      from pg_catalog.jsonb_each(new_doc) as n(key, value)
     where n.key <> all (ignored) and n.value <> 'null'::jsonb;
  elsif tg_op = 'UPDATE' then
    event_action := 'updated';
    select coalesce(pg_catalog.array_agg(n.key order by n.key), '{}') into fields
      from pg_catalog.jsonb_each(new_doc) as n(key, value)
     where n.key <> all (ignored) and n.value is distinct from old_doc -> n.key;
    if pg_catalog.cardinality(fields) = 0 then
      return null;
    end if;
  else
    event_action := 'deleted';
  end if;

  insert into public.audit_events
    (owner_id, actor_id, actor_role, entity_type, entity_id, entity_label, action, changed_fields)
  values
    (row_owner, auth.uid(), coalesce(auth.jwt() ->> 'role', session_user::text), audited_type,
     (doc ->> 'id')::uuid, doc ->> 'name', event_action, fields);
  return null;
end;
$$;
comment on function private.record_audit_event() is
  'AFTER ROW trigger: appends created/updated/deleted events with the changed field names (never values) to audit_events. TG_ARGV[0] = entity type, further arguments = columns to ignore.';

create trigger record_audit_event
  after insert or update of kind, name, base_url, models_path, auth_header, enabled, probe_from or delete
  on public.connections
  for each row execute function private.record_audit_event(
    'connection', 'health_status', 'health_latency_ms', 'health_error', 'health_error_code',
    'health_checked_at', 'model_count', 'models_refreshed_at', 'last_used_at', 'request_count');

create trigger record_audit_event
  after insert or update or delete on public.model_presets
  for each row execute function private.record_audit_event('model_preset');

-- ---------------------------------------------------------------------------------------------
-- Key events from the lockbox, filed under the connection so they show on its page.
-- ---------------------------------------------------------------------------------------------
create function private.record_key_audit_event()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  row_owner uuid;
  row_connection uuid;
  connection_name text;
  event_action text;
  event_details jsonb := '{}'::jsonb;
begin
  if tg_op = 'DELETE' then
    row_owner := old.owner_id;
    row_connection := old.connection_id;
  else
    row_owner := new.owner_id;
    row_connection := new.connection_id;
  end if;

  -- A key deleted together with its connection (or account) needs no event of its own: the
  -- connection's "deleted" event already tells the story.
  select c.name into connection_name
    from public.connections c
   where c.owner_id = row_owner and c.id = row_connection;
  if not found then
    return null;
  end if;

  if tg_op = 'INSERT' then
    event_action := 'key_set';
    event_details := pg_catalog.jsonb_build_object('hint', new.hint, 'key_version', new.key_version);
  elsif tg_op = 'UPDATE' then
    if new.ciphertext = old.ciphertext and new.iv = old.iv
       and new.key_version = old.key_version and new.hint is not distinct from old.hint then
      return null;
    end if;
    event_action := 'key_replaced';
    event_details := pg_catalog.jsonb_build_object(
      'hint', new.hint, 'key_version', new.key_version,
      'previous_hint', old.hint, 'previous_key_version', old.key_version);
  else
    event_action := 'key_removed';
    event_details := pg_catalog.jsonb_build_object('previous_hint', old.hint);
  end if;

  insert into public.audit_events
    (owner_id, actor_id, actor_role, entity_type, entity_id, entity_label, action, changed_fields, details)
  values
    (row_owner, auth.uid(), coalesce(auth.jwt() ->> 'role', session_user::text), 'connection',
     row_connection, connection_name, event_action, array['api_key'],
     pg_catalog.jsonb_strip_nulls(event_details));
  return null;
end;
$$;
comment on function private.record_key_audit_event() is
  'AFTER ROW trigger on connection_secrets: appends key_set / key_replaced / key_removed events to the connection''s history with the hint and key version only.';

create trigger record_key_audit_event
  after insert or update or delete on public.connection_secrets
  for each row execute function private.record_key_audit_event();

revoke execute on all functions in schema private from public, anon, authenticated;
