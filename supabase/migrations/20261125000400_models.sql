-- =============================================================================================
-- Models: what each connection lists, favorites, the enabled-preference revision, discovery
-- sync, and the catalog view the picker and catalog page read.
-- =============================================================================================

-- ---------------------------------------------------------------------------------------------
-- models: one row per (connection, provider model id). Rows are never deleted by discovery: a
-- model that disappears is marked unavailable, so favorites and preferences survive.
-- ---------------------------------------------------------------------------------------------
create table public.models (
  owner_id uuid not null default auth.uid(),
  connection_id uuid not null,
  model_id text not null,
  display_name text,
  context_length integer,
  capabilities text[] not null default '{}',
  prompt_price_per_mtok numeric,
  completion_price_per_mtok numeric,
  size_bytes bigint,
  family text,
  quantization text,
  parameter_size text,
  details jsonb not null default '{}'::jsonb,
  available boolean not null default true,
  first_seen_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  enabled boolean not null default true,
  runtime_status text not null default 'idle',
  runtime_status_at timestamptz,
  runtime_error text,
  runtime_memory_bytes bigint,
  runtime_expires_at timestamptz,
  last_used_at timestamptz,
  request_count bigint not null default 0,

  -- Leading (owner_id, connection_id) also covers the connection foreign key and the policies.
  constraint models_pkey primary key (owner_id, connection_id, model_id),
  constraint models_connection_fkey foreign key (owner_id, connection_id)
    references public.connections (owner_id, id) on delete cascade,
  -- Stored exactly as the provider names it ("gpt-4o", "openai/gpt-4o"): never trimmed or folded.
  constraint models_model_id_length check (char_length(model_id) between 1 and 512),
  constraint models_display_name_length check (char_length(display_name) between 1 and 512),
  constraint models_context_length_positive check (context_length > 0),
  constraint models_capabilities_known check (
    capabilities <@ array[
      'chat', 'completion', 'embedding', 'vision', 'tools', 'json_mode', 'reasoning', 'audio',
      'image_generation', 'rerank'
    ]::text[]
    and array_position(capabilities, null) is null
  ),
  constraint models_prompt_price_nonnegative check (prompt_price_per_mtok >= 0),
  constraint models_completion_price_nonnegative check (completion_price_per_mtok >= 0),
  constraint models_size_bytes_nonnegative check (size_bytes >= 0),
  constraint models_family_length check (char_length(family) <= 100),
  constraint models_quantization_length check (char_length(quantization) <= 50),
  constraint models_parameter_size_length check (char_length(parameter_size) <= 50),
  constraint models_details_object check (jsonb_typeof(details) = 'object' and pg_column_size(details) <= 16384),
  constraint models_seen_order check (last_seen_at >= first_seen_at),
  constraint models_runtime_status_known check (runtime_status in ('idle', 'loading', 'running', 'error')),
  constraint models_runtime_error_length check (char_length(runtime_error) <= 2000),
  constraint models_runtime_memory_bytes_nonnegative check (runtime_memory_bytes >= 0),
  constraint models_request_count_nonnegative check (request_count >= 0)
);

comment on table public.models is
  'Models discovered per connection, one row per (connection, provider model id). Also holds the user''s enabled preference, the local runtime status and usage counters. Disappeared models are marked unavailable, never deleted by discovery.';
comment on column public.models.owner_id is 'Owner of the connection (defaults to the caller, or to the connection''s owner for server-side writers).';
comment on column public.models.connection_id is 'The connection that lists this model; the model is deleted with it.';
comment on column public.models.model_id is 'The provider''s model id exactly as given (e.g. "gpt-4o" on OpenAI, "openai/gpt-4o" on OpenRouter); never normalized.';
comment on column public.models.display_name is 'Human-friendly name when the provider gives one; the UI falls back to model_id.';
comment on column public.models.context_length is 'Context window in tokens, when known.';
comment on column public.models.capabilities is 'Normalized capabilities: chat, completion, embedding, vision, tools, json_mode, reasoning, audio, image_generation, rerank.';
comment on column public.models.prompt_price_per_mtok is 'Price in USD per million input tokens, when the provider publishes it (e.g. OpenRouter).';
comment on column public.models.completion_price_per_mtok is 'Price in USD per million output tokens, when known.';
comment on column public.models.size_bytes is 'Size of the model files on a self-hosted server, in bytes.';
comment on column public.models.family is 'Model family reported by the server, e.g. llama.';
comment on column public.models.quantization is 'Quantization level reported by the server, e.g. Q4_K_M.';
comment on column public.models.parameter_size is 'Parameter count as reported, e.g. 8B.';
comment on column public.models.details is 'Other provider-specific facts worth keeping (JSON object, at most 16 kB).';
comment on column public.models.available is 'False once the connection stopped listing the model; favorites and preferences are kept.';
comment on column public.models.first_seen_at is 'When discovery first listed the model.';
comment on column public.models.last_seen_at is 'When discovery last listed the model.';
comment on column public.models.enabled is 'The user''s preference: enabled models appear in the picker by default. Every change bumps preference_revisions.';
comment on column public.models.runtime_status is 'Local runtime status for Ollama / LM Studio models: idle, loading, running or error.';
comment on column public.models.runtime_status_at is 'When the runtime status was last observed or changed (the "last seen" shown when the server is unreachable).';
comment on column public.models.runtime_error is 'Error of the last failed load or unload, shown next to the status.';
comment on column public.models.runtime_memory_bytes is 'Memory the loaded model uses (Ollama /api/ps size), when running.';
comment on column public.models.runtime_expires_at is 'When the server will unload the model (Ollama keep-alive expiry), when running.';
comment on column public.models.last_used_at is 'When a prompt last ran on this model. Maintained from generations.';
comment on column public.models.request_count is 'Number of prompts run on this model. Maintained from generations.';

create trigger fill_owner_from_connection
  before insert on public.models
  for each row execute function private.fill_owner_from_connection();

alter table public.models enable row level security;

revoke all on table public.models from anon, authenticated;
grant select on table public.models to authenticated;
-- Browser-side discovery (servers only the browser can reach) writes models directly; usage
-- counters and first_seen_at are the database's.
grant insert (
  owner_id, connection_id, model_id, display_name, context_length, capabilities,
  prompt_price_per_mtok, completion_price_per_mtok, size_bytes, family, quantization, parameter_size,
  details, available, last_seen_at, enabled, runtime_status, runtime_status_at, runtime_error,
  runtime_memory_bytes, runtime_expires_at
) on table public.models to authenticated;
grant update (
  display_name, context_length, capabilities, prompt_price_per_mtok, completion_price_per_mtok,
  size_bytes, family, quantization, parameter_size, details, available, last_seen_at, enabled,
  runtime_status, runtime_status_at, runtime_error, runtime_memory_bytes, runtime_expires_at
) on table public.models to authenticated;
grant delete on table public.models to authenticated;

create policy "Owners can read their models"
  on public.models for select to authenticated
  using ((select auth.uid()) = owner_id);
create policy "Owners can add models to their connections"
  on public.models for insert to authenticated
  with check ((select auth.uid()) = owner_id);
create policy "Owners can update their models"
  on public.models for update to authenticated
  using ((select auth.uid()) = owner_id)
  with check ((select auth.uid()) = owner_id);
create policy "Owners can delete their models"
  on public.models for delete to authenticated
  using ((select auth.uid()) = owner_id);

-- ---------------------------------------------------------------------------------------------
-- favorite_models: stars, keyed by (connection, model id). The foreign key to models means only
-- a model the connection has listed can be starred; unavailability does not delete the model
-- row, so the star survives; deleting the connection removes models and stars with it.
-- ---------------------------------------------------------------------------------------------
create table public.favorite_models (
  owner_id uuid not null default auth.uid(),
  connection_id uuid not null,
  model_id text not null,
  created_at timestamptz not null default now(),

  constraint favorite_models_pkey primary key (owner_id, connection_id, model_id),
  constraint favorite_models_model_fkey foreign key (owner_id, connection_id, model_id)
    references public.models (owner_id, connection_id, model_id) on delete cascade
);

comment on table public.favorite_models is
  'Starred models per user, keyed by (connection, provider model id). Write through set_model_favorite (idempotent) or directly.';
comment on column public.favorite_models.owner_id is 'The user who starred the model.';
comment on column public.favorite_models.connection_id is 'Connection that lists the model.';
comment on column public.favorite_models.model_id is 'Provider model id exactly as listed.';
comment on column public.favorite_models.created_at is 'When the model was starred.';

alter table public.favorite_models enable row level security;

revoke all on table public.favorite_models from anon, authenticated;
grant select on table public.favorite_models to authenticated;
grant insert (owner_id, connection_id, model_id) on table public.favorite_models to authenticated;
grant delete on table public.favorite_models to authenticated;

create policy "Owners can read their favorite models"
  on public.favorite_models for select to authenticated
  using ((select auth.uid()) = owner_id);
create policy "Owners can star their models"
  on public.favorite_models for insert to authenticated
  with check ((select auth.uid()) = owner_id);
create policy "Owners can unstar their models"
  on public.favorite_models for delete to authenticated
  using ((select auth.uid()) = owner_id);

-- ---------------------------------------------------------------------------------------------
-- preference_revisions: one counter per user, bumped by the database whenever any of the user's
-- models.enabled flags changes (whatever the path), so a device holding an older revision knows
-- its view is stale and save_model_preferences can refuse to overwrite newer edits.
-- ---------------------------------------------------------------------------------------------
create table public.preference_revisions (
  owner_id uuid primary key references auth.users (id) on delete cascade,
  revision bigint not null default 0,
  updated_at timestamptz not null default now(),

  constraint preference_revisions_revision_nonnegative check (revision >= 0)
);

comment on table public.preference_revisions is
  'Revision number of each user''s model preferences (models.enabled). Maintained by the database; no row means revision 0.';
comment on column public.preference_revisions.owner_id is 'The user.';
comment on column public.preference_revisions.revision is 'Increases by one with every statement that changes any of the user''s models.enabled flags.';
comment on column public.preference_revisions.updated_at is 'When the preferences last changed.';

alter table public.preference_revisions enable row level security;

revoke all on table public.preference_revisions from anon, authenticated;
grant select on table public.preference_revisions to authenticated;

create policy "Owners can read their preference revision"
  on public.preference_revisions for select to authenticated
  using ((select auth.uid()) = owner_id);

-- ---------------------------------------------------------------------------------------------
-- Database-maintained caches on models changes. Security definer because authenticated may not
-- write preference_revisions or connections.model_count; the rows touched are derived from the
-- models rows the statement changed, which already passed RLS.
-- ---------------------------------------------------------------------------------------------
create function private.refresh_model_counts()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.connections c
     set model_count = (
       select pg_catalog.count(*)::integer
         from public.models m
        where m.owner_id = c.owner_id and m.connection_id = c.id and m.available
     )
   where (c.owner_id, c.id) in (select x.owner_id, x.connection_id from changed_models x);
  return null;
end;
$$;
comment on function private.refresh_model_counts() is
  'AFTER INSERT/DELETE statement trigger on models: recounts connections.model_count (available models) for the connections touched.';

create trigger refresh_model_counts_after_insert
  after insert on public.models
  referencing new table as changed_models
  for each statement execute function private.refresh_model_counts();
create trigger refresh_model_counts_after_delete
  after delete on public.models
  referencing old table as changed_models
  for each statement execute function private.refresh_model_counts();

create function private.after_models_update()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  -- One revision step per statement and owner, whatever the number of flags it flipped.
  insert into public.preference_revisions as r (owner_id, revision, updated_at)
  select n.owner_id, 1, pg_catalog.now()
    from new_models n
    join old_models o
      on o.owner_id = n.owner_id and o.connection_id = n.connection_id and o.model_id = n.model_id
   where n.enabled is distinct from o.enabled
   group by n.owner_id
  on conflict (owner_id) do update
    set revision = r.revision + 1,
        updated_at = excluded.updated_at;

  update public.connections c
     set model_count = (
       select pg_catalog.count(*)::integer
         from public.models m
        where m.owner_id = c.owner_id and m.connection_id = c.id and m.available
     )
   where (c.owner_id, c.id) in (
     select n.owner_id, n.connection_id
       from new_models n
       join old_models o
         on o.owner_id = n.owner_id and o.connection_id = n.connection_id and o.model_id = n.model_id
      where n.available is distinct from o.available
   );
  return null;
end;
$$;
comment on function private.after_models_update() is
  'AFTER UPDATE statement trigger on models: bumps the owner''s preference revision when enabled flags changed, and recounts available models when availability changed.';

create trigger after_models_update
  after update on public.models
  referencing old table as old_models new table as new_models
  for each statement execute function private.after_models_update();

-- ---------------------------------------------------------------------------------------------
-- RPC: set_model_favorite(connection_id, model_id, favorite) -> boolean
-- Idempotent: sets the star to the requested state (never a blind flip), so rapid clicks end in
-- the state of the last click and repeating a call never errors.
-- ---------------------------------------------------------------------------------------------
create function public.set_model_favorite(connection_id uuid, model_id text, favorite boolean)
returns boolean
language plpgsql
security invoker
set search_path = ''
as $$
declare
  caller uuid := auth.uid();
  target_connection uuid := connection_id;
  target_model text := model_id;
  wanted boolean := favorite;
begin
  if caller is null then
    raise exception using errcode = '42501', message = 'Sign in to star models.';
  end if;
  if target_connection is null or target_model is null or wanted is null then
    raise exception using errcode = '22023',
      message = 'connection_id, model_id and favorite are all required.';
  end if;

  if wanted then
    if not exists (
      select 1 from public.models m
       where m.owner_id = caller and m.connection_id = target_connection and m.model_id = target_model
    ) then
      raise exception using errcode = 'PT404',
        message = pg_catalog.format('The model "%s" is not listed on that connection, so it cannot be starred. Refresh the model list and try again.', target_model),
        detail = pg_catalog.jsonb_build_object('connection_id', target_connection, 'model_id', target_model)::text;
    end if;
    insert into public.favorite_models (owner_id, connection_id, model_id)
    values (caller, target_connection, target_model)
    on conflict do nothing;
  else
    delete from public.favorite_models f
     where f.owner_id = caller and f.connection_id = target_connection and f.model_id = target_model;
  end if;
  return wanted;
end;
$$;
comment on function public.set_model_favorite(uuid, text, boolean) is
  'Stars (favorite = true) or unstars (false) a model. Idempotent; returns the resulting state. Errors: PT404 (HTTP 404) when starring a model the connection has not listed; 22023 on missing arguments.';

-- ---------------------------------------------------------------------------------------------
-- RPC: get_model_preferences() -> jsonb
-- {"revision": 7, "updated_at": "...", "models": [{"connection_id", "model_id", "enabled"}, ...]}
-- Revision and flags come from one snapshot.
-- ---------------------------------------------------------------------------------------------
create function public.get_model_preferences()
returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
  select pg_catalog.jsonb_build_object(
    'revision', coalesce(r.revision, 0),
    'updated_at', r.updated_at,
    'models', coalesce((
      select pg_catalog.jsonb_agg(
               pg_catalog.jsonb_build_object(
                 'connection_id', m.connection_id, 'model_id', m.model_id, 'enabled', m.enabled)
               order by m.connection_id, m.model_id)
        from public.models m
       where m.owner_id = (select auth.uid())
    ), '[]'::jsonb)
  )
  from (select 1) as one
  left join public.preference_revisions r on r.owner_id = (select auth.uid());
$$;
comment on function public.get_model_preferences() is
  'Returns the caller''s model preferences in one call: {"revision": bigint, "updated_at": timestamptz|null, "models": [{"connection_id": uuid, "model_id": text, "enabled": boolean}]}.';

-- ---------------------------------------------------------------------------------------------
-- RPC: save_model_preferences(expected_revision, changes) -> jsonb
-- All or nothing. changes = [{"connection_id": uuid, "model_id": text, "enabled": boolean}, ...].
-- Refuses with PT409 (HTTP 409) when expected_revision is not the current revision; the error
-- detail is JSON carrying current_revision so the client can reload, merge and retry.
-- ---------------------------------------------------------------------------------------------
create function public.save_model_preferences(expected_revision bigint, changes jsonb)
returns jsonb
language plpgsql
security invoker
set search_path = ''
as $$
declare
  caller uuid := auth.uid();
  expected bigint := expected_revision;
  wanted jsonb := changes;
  current_revision bigint;
  bad_index bigint;
  duplicate jsonb;
  missing jsonb;
  missing_count integer;
  changed_count integer;
  saved public.preference_revisions%rowtype;
begin
  if caller is null then
    raise exception using errcode = '42501', message = 'Sign in to save model preferences.';
  end if;
  if expected is null then
    raise exception using errcode = '22023',
      message = 'expected_revision is required: pass the revision you last read from get_model_preferences().';
  end if;
  if wanted is null or pg_catalog.jsonb_typeof(wanted) <> 'array' then
    raise exception using errcode = '22023',
      message = 'changes must be a JSON array of {"connection_id", "model_id", "enabled"} objects.';
  end if;
  if pg_catalog.jsonb_array_length(wanted) > 20000 then
    raise exception using errcode = '22023',
      message = 'Too many changes in one save (the limit is 20000). Save them in smaller batches.';
  end if;

  select e.ordinality - 1 into bad_index
    from pg_catalog.jsonb_array_elements(wanted) with ordinality as e(item, ordinality)
   where pg_catalog.jsonb_typeof(e.item) is distinct from 'object'
      or pg_catalog.jsonb_typeof(e.item -> 'connection_id') is distinct from 'string'
      or (e.item ->> 'connection_id') !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
      or pg_catalog.jsonb_typeof(e.item -> 'model_id') is distinct from 'string'
      or (e.item ->> 'model_id') = ''
      or pg_catalog.jsonb_typeof(e.item -> 'enabled') is distinct from 'boolean'
   order by e.ordinality
   limit 1;
  if bad_index is not null then
    raise exception using errcode = '22023',
      message = pg_catalog.format('changes[%s] is not valid: each change needs a "connection_id" (uuid), a "model_id" (non-empty string) and "enabled" (true or false).', bad_index);
  end if;

  select pg_catalog.jsonb_build_object('connection_id', d.connection_id, 'model_id', d.model_id) into duplicate
    from (
      select (e.item ->> 'connection_id')::uuid as connection_id, e.item ->> 'model_id' as model_id
        from pg_catalog.jsonb_array_elements(wanted) as e(item)
    ) d
   group by d.connection_id, d.model_id
  having pg_catalog.count(*) > 1
   limit 1;
  if duplicate is not null then
    raise exception using errcode = '22023',
      message = pg_catalog.format('changes lists the model "%s" more than once; send one change per model.', duplicate ->> 'model_id'),
      detail = duplicate::text;
  end if;

  -- Serialize saves of the same user so check-then-write cannot interleave. A transaction-level
  -- advisory lock needs no privilege on preference_revisions (which authenticated cannot lock).
  perform pg_catalog.pg_advisory_xact_lock(
    pg_catalog.hashtextextended('switchboard.model_preferences:' || caller::text, 0));

  select coalesce(max(r.revision), 0) into current_revision
    from public.preference_revisions r
   where r.owner_id = caller;
  if current_revision <> expected then
    raise exception using errcode = 'PT409',
      message = pg_catalog.format('Your model preferences were changed on another device or tab (now revision %s, you had %s). Reload them and apply your change again.', current_revision, expected),
      detail = pg_catalog.jsonb_build_object('current_revision', current_revision, 'expected_revision', expected)::text,
      hint = 'Call get_model_preferences() for the current state and revision.';
  end if;

  select pg_catalog.count(*)::integer,
         pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('connection_id', c.connection_id, 'model_id', c.model_id))
    into missing_count, missing
    from (
      select (e.item ->> 'connection_id')::uuid as connection_id, e.item ->> 'model_id' as model_id
        from pg_catalog.jsonb_array_elements(wanted) as e(item)
    ) c
   where not exists (
     select 1 from public.models m
      where m.owner_id = caller and m.connection_id = c.connection_id and m.model_id = c.model_id
   );
  if missing_count > 0 then
    raise exception using errcode = 'PT404',
      message = pg_catalog.format('%s of the models in this save no longer exist (for example "%s"), so nothing was saved. Reload your models and try again.', missing_count, missing -> 0 ->> 'model_id'),
      detail = pg_catalog.jsonb_build_object('missing', missing)::text;
  end if;

  update public.models m
     set enabled = (c.item ->> 'enabled')::boolean
    from pg_catalog.jsonb_array_elements(wanted) as c(item)
   where m.owner_id = caller
     and m.connection_id = (c.item ->> 'connection_id')::uuid
     and m.model_id = c.item ->> 'model_id'
     and m.enabled is distinct from (c.item ->> 'enabled')::boolean;
  get diagnostics changed_count = row_count;

  -- The models trigger bumped the revision if anything changed.
  select * into saved from public.preference_revisions r where r.owner_id = caller;
  return pg_catalog.jsonb_build_object(
    'revision', coalesce(saved.revision, 0),
    'updated_at', saved.updated_at,
    'changed', changed_count
  );
end;
$$;
comment on function public.save_model_preferences(bigint, jsonb) is
  'Atomically applies enabled flags [{"connection_id", "model_id", "enabled"}] if expected_revision is current. Returns {"revision", "updated_at", "changed"}; the revision moves only when a flag actually changed. Errors: PT409 (HTTP 409) stale revision, detail {"current_revision", "expected_revision"}; PT404 (HTTP 404) unknown models, detail {"missing": [...]}, nothing applied; 22023 (HTTP 400) malformed input.';

-- ---------------------------------------------------------------------------------------------
-- RPC: sync_connection_models(connection_id, models, complete default true) -> jsonb
-- Applies one discovery result atomically: upserts the listed models (available again,
-- last_seen_at now), and when the list is complete marks every other model unavailable. Keeps
-- enabled flags, favorites and runtime state. Callable by the owner (browser-side discovery) and
-- by service_role (Edge Function).
-- models = [{"model_id": text, "display_name"?, "context_length"?, "capabilities"?: text[],
--            "prompt_price_per_mtok"?, "completion_price_per_mtok"?, "size_bytes"?, "family"?,
--            "quantization"?, "parameter_size"?, "details"?: object}, ...]
-- ---------------------------------------------------------------------------------------------
create function public.sync_connection_models(connection_id uuid, models jsonb, complete boolean default true)
returns jsonb
language plpgsql
security invoker
set search_path = ''
as $$
declare
  target_connection uuid := connection_id;
  listed jsonb := models;
  is_complete boolean := coalesce(complete, true);
  target_owner uuid;
  bad_index bigint;
  listed_ids text[];
  added_count integer := 0;
  updated_count integer := 0;
  unavailable_count integer := 0;
  available_count integer;
  synced_at timestamptz := pg_catalog.now();
begin
  select c.owner_id into target_owner from public.connections c where c.id = target_connection;
  if target_owner is null then
    raise exception using errcode = 'PT404',
      message = 'That connection does not exist (or is not yours). Reload your connections and try again.';
  end if;
  if listed is null or pg_catalog.jsonb_typeof(listed) <> 'array' then
    raise exception using errcode = '22023',
      message = 'models must be a JSON array of objects, each with at least a "model_id".';
  end if;
  if pg_catalog.jsonb_array_length(listed) > 20000 then
    raise exception using errcode = '22023',
      message = 'The model list is too long (the limit is 20000 models per connection).';
  end if;

  select e.ordinality - 1 into bad_index
    from pg_catalog.jsonb_array_elements(listed) with ordinality as e(item, ordinality)
   where pg_catalog.jsonb_typeof(e.item) is distinct from 'object'
      or pg_catalog.jsonb_typeof(e.item -> 'model_id') is distinct from 'string'
      or pg_catalog.char_length(e.item ->> 'model_id') not between 1 and 512
      or coalesce(pg_catalog.jsonb_typeof(e.item -> 'capabilities'), 'null') not in ('array', 'null')
      or coalesce(pg_catalog.jsonb_typeof(e.item -> 'details'), 'null') not in ('object', 'null')
   order by e.ordinality
   limit 1;
  if bad_index is not null then
    raise exception using errcode = '22023',
      message = pg_catalog.format('models[%s] is not valid: it needs a "model_id" string of 1-512 characters; "capabilities" must be an array and "details" an object.', bad_index);
  end if;

  listed_ids := array(select distinct e.item ->> 'model_id' from pg_catalog.jsonb_array_elements(listed) as e(item));

  begin
    with incoming as (
      -- A provider listing the same id twice keeps its first entry.
      select distinct on (e.item ->> 'model_id') e.item
        from pg_catalog.jsonb_array_elements(listed) with ordinality as e(item, ordinality)
       order by e.item ->> 'model_id', e.ordinality
    ),
    upserted as (
      insert into public.models as m (
        owner_id, connection_id, model_id, display_name, context_length, capabilities,
        prompt_price_per_mtok, completion_price_per_mtok, size_bytes, family, quantization,
        parameter_size, details, available, last_seen_at)
      select target_owner,
             target_connection,
             i.item ->> 'model_id',
             nullif(i.item ->> 'display_name', ''),
             (i.item ->> 'context_length')::integer,
             case when pg_catalog.jsonb_typeof(i.item -> 'capabilities') = 'array'
                  then array(select distinct pg_catalog.jsonb_array_elements_text(i.item -> 'capabilities'))
                  else '{}'::text[] end,
             (i.item ->> 'prompt_price_per_mtok')::numeric,
             (i.item ->> 'completion_price_per_mtok')::numeric,
             (i.item ->> 'size_bytes')::bigint,
             nullif(i.item ->> 'family', ''),
             nullif(i.item ->> 'quantization', ''),
             nullif(i.item ->> 'parameter_size', ''),
             coalesce(nullif(i.item -> 'details', 'null'::jsonb), '{}'::jsonb),
             true,
             synced_at
        from incoming i
      on conflict on constraint models_pkey do update
        set display_name = excluded.display_name,
            context_length = excluded.context_length,
            capabilities = excluded.capabilities,
            prompt_price_per_mtok = excluded.prompt_price_per_mtok,
            completion_price_per_mtok = excluded.completion_price_per_mtok,
            size_bytes = excluded.size_bytes,
            family = excluded.family,
            quantization = excluded.quantization,
            parameter_size = excluded.parameter_size,
            details = excluded.details,
            available = true,
            last_seen_at = excluded.last_seen_at
      returning (m.xmax = 0) as inserted
    )
    select (pg_catalog.count(*) filter (where u.inserted))::integer,
           (pg_catalog.count(*) filter (where not u.inserted))::integer
      into added_count, updated_count
      from upserted u;
  exception
    when invalid_text_representation or numeric_value_out_of_range then
      raise exception using errcode = '22023',
        message = pg_catalog.format('A model in the list has a value of the wrong type (%s). Numbers must be plain JSON numbers or numeric strings.', sqlerrm);
  end;

  if is_complete then
    update public.models m
       set available = false
     where m.owner_id = target_owner
       and m.connection_id = target_connection
       and m.available
       and m.model_id <> all (listed_ids);
    get diagnostics unavailable_count = row_count;
  end if;

  update public.connections c
     set models_refreshed_at = synced_at
   where c.owner_id = target_owner and c.id = target_connection;

  select c.model_count into available_count
    from public.connections c
   where c.owner_id = target_owner and c.id = target_connection;

  return pg_catalog.jsonb_build_object(
    'connection_id', target_connection,
    'added', added_count,
    'updated', updated_count,
    'marked_unavailable', unavailable_count,
    'available', available_count,
    'refreshed_at', synced_at
  );
end;
$$;
comment on function public.sync_connection_models(uuid, jsonb, boolean) is
  'Applies a discovery result atomically: upserts the listed models and, when complete (default), marks the others unavailable. Returns {"connection_id", "added", "updated", "marked_unavailable", "available", "refreshed_at"}. Errors: PT404 (HTTP 404) unknown connection; 22023 (HTTP 400) malformed list; 23514 (HTTP 400) a value breaks a models check constraint (e.g. unknown capability).';

-- ---------------------------------------------------------------------------------------------
-- model_catalog: every model with its connection and favorite flag, for the catalog page and
-- the picker. security_invoker, so the caller's RLS applies to every table it reads.
-- ---------------------------------------------------------------------------------------------
create view public.model_catalog
with (security_invoker = true)
as
select
  m.owner_id,
  m.connection_id,
  m.model_id,
  coalesce(m.display_name, m.model_id) as label,
  m.display_name,
  m.context_length,
  m.capabilities,
  m.prompt_price_per_mtok,
  m.completion_price_per_mtok,
  m.size_bytes,
  m.family,
  m.quantization,
  m.parameter_size,
  m.available,
  m.enabled,
  m.first_seen_at,
  m.last_seen_at,
  m.runtime_status,
  m.runtime_status_at,
  m.last_used_at,
  m.request_count,
  c.name as connection_name,
  c.kind as connection_kind,
  k.category as connection_category,
  c.enabled as connection_enabled,
  (f.model_id is not null) as is_favorite,
  f.created_at as favorited_at
from public.models m
join public.connections c on c.owner_id = m.owner_id and c.id = m.connection_id
join public.provider_kinds k on k.id = c.kind
left join public.favorite_models f
  on f.owner_id = m.owner_id and f.connection_id = m.connection_id and f.model_id = m.model_id;

comment on view public.model_catalog is
  'Every model of the caller''s connections with its connection and favorite flag: the catalog page and the picker. The picker shows enabled models of enabled connections by default, and favorites even when unavailable.';
comment on column public.model_catalog.owner_id is 'Owner of the model.';
comment on column public.model_catalog.connection_id is 'Connection that lists the model.';
comment on column public.model_catalog.model_id is 'Provider model id exactly as given.';
comment on column public.model_catalog.label is 'display_name, or model_id when the provider gives no name.';
comment on column public.model_catalog.display_name is 'Provider''s display name, when given.';
comment on column public.model_catalog.context_length is 'Context window in tokens, when known.';
comment on column public.model_catalog.capabilities is 'Normalized capabilities.';
comment on column public.model_catalog.prompt_price_per_mtok is 'USD per million input tokens, when known.';
comment on column public.model_catalog.completion_price_per_mtok is 'USD per million output tokens, when known.';
comment on column public.model_catalog.size_bytes is 'Model size on a self-hosted server, in bytes.';
comment on column public.model_catalog.family is 'Model family, when reported.';
comment on column public.model_catalog.quantization is 'Quantization, when reported.';
comment on column public.model_catalog.parameter_size is 'Parameter count as reported.';
comment on column public.model_catalog.available is 'False when the connection no longer lists the model.';
comment on column public.model_catalog.enabled is 'The user''s enabled preference.';
comment on column public.model_catalog.first_seen_at is 'When discovery first listed the model.';
comment on column public.model_catalog.last_seen_at is 'When discovery last listed the model.';
comment on column public.model_catalog.runtime_status is 'Local runtime status (idle, loading, running, error).';
comment on column public.model_catalog.runtime_status_at is 'When the runtime status was last observed.';
comment on column public.model_catalog.last_used_at is 'When a prompt last ran on the model.';
comment on column public.model_catalog.request_count is 'Prompts run on the model.';
comment on column public.model_catalog.connection_name is 'Name of the connection.';
comment on column public.model_catalog.connection_kind is 'Kind of the connection (provider_kinds.id).';
comment on column public.model_catalog.connection_category is 'cloud or self_hosted.';
comment on column public.model_catalog.connection_enabled is 'False when the connection is disabled: its models are hidden from the picker.';
comment on column public.model_catalog.is_favorite is 'True when the user starred the model.';
comment on column public.model_catalog.favorited_at is 'When the model was starred.';

revoke all on table public.model_catalog from anon, authenticated;
grant select on table public.model_catalog to authenticated;

-- ---------------------------------------------------------------------------------------------
-- RPC privileges: signed-in users only (and server code), never anon or PUBLIC.
-- ---------------------------------------------------------------------------------------------
revoke execute on function public.set_model_favorite(uuid, text, boolean) from public, anon;
revoke execute on function public.get_model_preferences() from public, anon;
revoke execute on function public.save_model_preferences(bigint, jsonb) from public, anon;
revoke execute on function public.sync_connection_models(uuid, jsonb, boolean) from public, anon;
grant execute on function public.set_model_favorite(uuid, text, boolean) to authenticated, service_role;
grant execute on function public.get_model_preferences() to authenticated, service_role;
grant execute on function public.save_model_preferences(bigint, jsonb) to authenticated, service_role;
grant execute on function public.sync_connection_models(uuid, jsonb, boolean) to authenticated, service_role;

revoke execute on all functions in schema private from public, anon, authenticated;
