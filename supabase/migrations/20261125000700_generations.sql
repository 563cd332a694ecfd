-- =============================================================================================
-- Generations: every playground run, its favorites, and the usage counters it drives.
-- =============================================================================================

create table public.generations (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  connection_id uuid,
  connection_name text,
  connection_kind text,
  preset_id uuid,
  model_id text not null,
  prompt text not null,
  system_prompt text,
  output text not null default '',
  parameters jsonb not null default '{}'::jsonb,
  prompt_tokens integer,
  completion_tokens integer,
  latency_ms integer,
  first_token_ms integer,
  status text not null default 'pending',
  error text,
  created_at timestamptz not null default now(),
  finished_at timestamptz,

  -- Target of generation_favorites / collection_items composite keys.
  constraint generations_owner_id_id_key unique (owner_id, id),
  -- History survives the connection: connection_id is cleared, the name/kind snapshot stays.
  constraint generations_connection_fkey foreign key (owner_id, connection_id)
    references public.connections (owner_id, id) on delete set null (connection_id),
  constraint generations_preset_fkey foreign key (owner_id, preset_id)
    references public.model_presets (owner_id, id) on delete set null (preset_id),
  constraint generations_connection_name_length check (char_length(connection_name) <= 100),
  constraint generations_connection_kind_length check (char_length(connection_kind) <= 40),
  constraint generations_model_id_length check (char_length(model_id) between 1 and 512),
  constraint generations_prompt_length check (char_length(prompt) between 1 and 1000000),
  constraint generations_system_prompt_length check (char_length(system_prompt) <= 100000),
  constraint generations_output_length check (char_length(output) <= 2000000),
  constraint generations_parameters_object check (jsonb_typeof(parameters) = 'object'),
  constraint generations_prompt_tokens_nonnegative check (prompt_tokens >= 0),
  constraint generations_completion_tokens_nonnegative check (completion_tokens >= 0),
  constraint generations_latency_ms_nonnegative check (latency_ms >= 0),
  constraint generations_first_token_ms_nonnegative check (first_token_ms >= 0),
  constraint generations_status_known check (
    status in ('pending', 'streaming', 'completed', 'cancelled', 'error')
  ),
  constraint generations_error_length check (char_length(error) <= 4000),
  constraint generations_finished_after_created check (finished_at >= created_at)
);

-- Keyset pagination, newest first: (created_at, id) < (cursor) walks this index backwards. The
-- filtered variants keep a filtered page just as cheap, and double as foreign key indexes.
create index generations_owner_created_idx on public.generations (owner_id, created_at, id);
create index generations_owner_connection_created_idx
  on public.generations (owner_id, connection_id, created_at, id);
create index generations_owner_model_created_idx on public.generations (owner_id, model_id, created_at, id);
create index generations_owner_preset_idx on public.generations (owner_id, preset_id)
  where preset_id is not null;
-- Prompt search: `prompt ilike '%term%'`.
create index generations_prompt_trgm_idx on public.generations using gin (prompt extensions.gin_trgm_ops);

comment on table public.generations is
  'Every playground run: prompt, output, model, connection (a name/kind snapshot survives its deletion), parameters, token counts, timings and status.';
comment on column public.generations.id is 'Generation id.';
comment on column public.generations.owner_id is 'The user who ran the prompt; defaults to the caller.';
comment on column public.generations.connection_id is 'Connection the prompt ran on; cleared when the connection is deleted.';
comment on column public.generations.connection_name is 'Connection name at run time (filled by the database from connection_id), kept after the connection is deleted.';
comment on column public.generations.connection_kind is 'Connection kind at run time (filled by the database), kept after the connection is deleted.';
comment on column public.generations.preset_id is 'Preset the run started from, if any; cleared when the preset is deleted.';
comment on column public.generations.model_id is 'Provider model id exactly as used.';
comment on column public.generations.prompt is 'The prompt (1 to 1,000,000 characters). Searchable with ilike.';
comment on column public.generations.system_prompt is 'System prompt used, if any.';
comment on column public.generations.output is 'The model''s output; grows while streaming.';
comment on column public.generations.parameters is 'Generation parameters used (temperature, top_p, max_tokens, ...), as a JSON object.';
comment on column public.generations.prompt_tokens is 'Input tokens reported by the provider.';
comment on column public.generations.completion_tokens is 'Output tokens reported by the provider.';
comment on column public.generations.latency_ms is 'Total time of the run in milliseconds.';
comment on column public.generations.first_token_ms is 'Time to the first streamed token in milliseconds.';
comment on column public.generations.status is 'pending, streaming, completed, cancelled or error.';
comment on column public.generations.error is 'Human-readable error when status is error.';
comment on column public.generations.created_at is 'When the run started.';
comment on column public.generations.finished_at is 'When the run completed, was cancelled or failed.';

-- Snapshot the connection's name and kind so the history still reads well after the connection
-- is renamed or deleted. Runs as the caller: RLS only lets it see the caller's own connection.
create function private.snapshot_generation_connection()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  snapshot_name text;
  snapshot_kind text;
begin
  if new.connection_id is not null then
    select c.name, c.kind into snapshot_name, snapshot_kind
      from public.connections c
     where c.owner_id = new.owner_id and c.id = new.connection_id;
    if found then
      new.connection_name := snapshot_name;
      new.connection_kind := snapshot_kind;
    end if;
  end if;
  return new;
end;
$$;
comment on function private.snapshot_generation_connection() is
  'BEFORE INSERT trigger on generations: copies the connection''s current name and kind into the row.';

create trigger snapshot_generation_connection
  before insert on public.generations
  for each row execute function private.snapshot_generation_connection();

-- Usage: every run counts once for its connection and its model, atomically with the insert
-- that records it, whichever path (browser or Edge Function) ran the prompt. Security definer
-- because the counters are not writable by authenticated.
create function private.record_usage()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.connections c
     set last_used_at = greatest(c.last_used_at, u.last_at),
         request_count = c.request_count + u.runs
    from (
      select n.owner_id, n.connection_id, pg_catalog.count(*) as runs, max(n.created_at) as last_at
        from new_generations n
       where n.connection_id is not null
       group by n.owner_id, n.connection_id
    ) u
   where c.owner_id = u.owner_id and c.id = u.connection_id;

  update public.models m
     set last_used_at = greatest(m.last_used_at, u.last_at),
         request_count = m.request_count + u.runs
    from (
      select n.owner_id, n.connection_id, n.model_id, pg_catalog.count(*) as runs, max(n.created_at) as last_at
        from new_generations n
       where n.connection_id is not null
       group by n.owner_id, n.connection_id, n.model_id
    ) u
   where m.owner_id = u.owner_id and m.connection_id = u.connection_id and m.model_id = u.model_id;
  return null;
end;
$$;
comment on function private.record_usage() is
  'AFTER INSERT statement trigger on generations: bumps last_used_at and request_count of the connections and models that ran.';

create trigger record_usage
  after insert on public.generations
  referencing new table as new_generations
  for each statement execute function private.record_usage();

alter table public.generations enable row level security;

revoke all on table public.generations from anon, authenticated;
grant select on table public.generations to authenticated;
grant insert (
  id, owner_id, connection_id, connection_name, connection_kind, preset_id, model_id, prompt,
  system_prompt, output, parameters, prompt_tokens, completion_tokens, latency_ms, first_token_ms,
  status, error, finished_at
) on table public.generations to authenticated;
-- What ran (prompt, model, connection) is history; only the outcome moves while it streams.
grant update (
  output, prompt_tokens, completion_tokens, latency_ms, first_token_ms, status, error, finished_at
) on table public.generations to authenticated;
grant delete on table public.generations to authenticated;

create policy "Owners can read their generations"
  on public.generations for select to authenticated
  using ((select auth.uid()) = owner_id);
create policy "Owners can record their generations"
  on public.generations for insert to authenticated
  with check ((select auth.uid()) = owner_id);
create policy "Owners can update their generations"
  on public.generations for update to authenticated
  using ((select auth.uid()) = owner_id)
  with check ((select auth.uid()) = owner_id);
create policy "Owners can delete their generations"
  on public.generations for delete to authenticated
  using ((select auth.uid()) = owner_id);

-- ---------------------------------------------------------------------------------------------
-- generation_favorites: hearts. Deleting a generation removes its heart.
-- ---------------------------------------------------------------------------------------------
create table public.generation_favorites (
  owner_id uuid not null default auth.uid(),
  generation_id uuid not null,
  created_at timestamptz not null default now(),

  constraint generation_favorites_pkey primary key (owner_id, generation_id),
  constraint generation_favorites_generation_fkey foreign key (owner_id, generation_id)
    references public.generations (owner_id, id) on delete cascade
);

comment on table public.generation_favorites is
  'Generations the user hearted. Write through set_generation_favorite (idempotent) or directly.';
comment on column public.generation_favorites.owner_id is 'The user (owner of the generation).';
comment on column public.generation_favorites.generation_id is 'The hearted generation; the heart is removed with it.';
comment on column public.generation_favorites.created_at is 'When it was hearted.';

alter table public.generation_favorites enable row level security;

revoke all on table public.generation_favorites from anon, authenticated;
grant select on table public.generation_favorites to authenticated;
grant insert (owner_id, generation_id) on table public.generation_favorites to authenticated;
grant delete on table public.generation_favorites to authenticated;

create policy "Owners can read their favorite generations"
  on public.generation_favorites for select to authenticated
  using ((select auth.uid()) = owner_id);
create policy "Owners can heart their generations"
  on public.generation_favorites for insert to authenticated
  with check ((select auth.uid()) = owner_id);
create policy "Owners can unheart their generations"
  on public.generation_favorites for delete to authenticated
  using ((select auth.uid()) = owner_id);

-- ---------------------------------------------------------------------------------------------
-- RPC: set_generation_favorite(generation_id, favorite) -> boolean (the resulting state)
-- ---------------------------------------------------------------------------------------------
create function public.set_generation_favorite(generation_id uuid, favorite boolean)
returns boolean
language plpgsql
security invoker
set search_path = ''
as $$
declare
  caller uuid := auth.uid();
  target_generation uuid := generation_id;
  wanted boolean := favorite;
begin
  if caller is null then
    raise exception using errcode = '42501', message = 'Sign in to favorite generations.';
  end if;
  if target_generation is null or wanted is null then
    raise exception using errcode = '22023', message = 'generation_id and favorite are both required.';
  end if;

  if wanted then
    if not exists (select 1 from public.generations g where g.owner_id = caller and g.id = target_generation) then
      raise exception using errcode = 'PT404',
        message = 'That generation no longer exists, so it cannot be favorited. Reload the list and try again.',
        detail = pg_catalog.jsonb_build_object('generation_id', target_generation)::text;
    end if;
    insert into public.generation_favorites (owner_id, generation_id)
    values (caller, target_generation)
    on conflict do nothing;
  else
    delete from public.generation_favorites f
     where f.owner_id = caller and f.generation_id = target_generation;
  end if;
  return wanted;
end;
$$;
comment on function public.set_generation_favorite(uuid, boolean) is
  'Hearts (favorite = true) or unhearts (false) a generation. Idempotent; returns the resulting state. Errors: PT404 (HTTP 404) when hearting a generation that does not exist for the caller; 22023 on missing arguments.';

revoke execute on function public.set_generation_favorite(uuid, boolean) from public, anon;
grant execute on function public.set_generation_favorite(uuid, boolean) to authenticated, service_role;

revoke execute on all functions in schema private from public, anon, authenticated;
