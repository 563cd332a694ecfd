-- =============================================================================================
-- Model presets ("configs"): named parameter sets for a connection and model.
-- =============================================================================================

create table public.model_presets (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  name text not null,
  connection_id uuid,
  model_id text,
  temperature numeric,
  top_p numeric,
  max_tokens integer,
  context_length integer,
  system_prompt text,
  keep_alive text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),

  constraint model_presets_owner_id_id_key unique (owner_id, id),
  -- A preset may only point at the owner's own connection. Deleting the connection keeps the
  -- preset (with its model id) and clears only connection_id.
  constraint model_presets_connection_fkey foreign key (owner_id, connection_id)
    references public.connections (owner_id, id) on delete set null (connection_id),
  constraint model_presets_name_length check (char_length(name) between 1 and 100),
  constraint model_presets_name_trimmed check (name = btrim(name) and name !~ '[[:cntrl:]]'),
  constraint model_presets_model_id_length check (char_length(model_id) between 1 and 512),
  constraint model_presets_temperature_range check (temperature between 0 and 2),
  constraint model_presets_top_p_range check (top_p between 0 and 1),
  constraint model_presets_max_tokens_positive check (max_tokens > 0),
  constraint model_presets_context_length_positive check (context_length > 0),
  constraint model_presets_system_prompt_length check (char_length(system_prompt) <= 100000),
  -- Ollama keep_alive: a duration ("5m", "1h30m", "300ms", "-1m") or a number of seconds ("0", "-1").
  constraint model_presets_keep_alive_format check (
    keep_alive ~ '^-?[0-9]+(\.[0-9]+)?(ms|s|m|h)?([0-9]+(\.[0-9]+)?(ms|s|m|h))*$'
    and char_length(keep_alive) <= 32
  )
);

create unique index model_presets_owner_name_key on public.model_presets (owner_id, lower(name));
create index model_presets_owner_connection_idx on public.model_presets (owner_id, connection_id);

comment on table public.model_presets is
  'Named model configurations (connection, model and generation parameters) that the playground can start from. Changes are recorded in audit_events.';
comment on column public.model_presets.id is 'Preset id.';
comment on column public.model_presets.owner_id is 'The user who owns the preset; defaults to the caller.';
comment on column public.model_presets.name is 'Name, unique per user case-insensitively, 1-100 characters without surrounding spaces.';
comment on column public.model_presets.connection_id is 'Connection to run on; cleared (not deleted) when the connection is deleted.';
comment on column public.model_presets.model_id is 'Provider model id exactly as the connection lists it.';
comment on column public.model_presets.temperature is 'Sampling temperature, 0 to 2.';
comment on column public.model_presets.top_p is 'Nucleus sampling, 0 to 1.';
comment on column public.model_presets.max_tokens is 'Maximum tokens to generate (> 0).';
comment on column public.model_presets.context_length is 'Context window to request (> 0), e.g. Ollama num_ctx.';
comment on column public.model_presets.system_prompt is 'System prompt (up to 100000 characters).';
comment on column public.model_presets.keep_alive is 'How long a self-hosted server keeps the model loaded: a duration such as 5m, 1h or -1 (forever).';
comment on column public.model_presets.created_at is 'When the preset was created.';
comment on column public.model_presets.updated_at is 'When the preset last changed.';

create trigger set_updated_at
  before update on public.model_presets
  for each row execute function private.set_updated_at();

alter table public.model_presets enable row level security;

revoke all on table public.model_presets from anon, authenticated;
grant select on table public.model_presets to authenticated;
grant insert (
  id, owner_id, name, connection_id, model_id, temperature, top_p, max_tokens, context_length,
  system_prompt, keep_alive
) on table public.model_presets to authenticated;
grant update (
  name, connection_id, model_id, temperature, top_p, max_tokens, context_length, system_prompt, keep_alive
) on table public.model_presets to authenticated;
grant delete on table public.model_presets to authenticated;

create policy "Owners can read their presets"
  on public.model_presets for select to authenticated
  using ((select auth.uid()) = owner_id);
create policy "Owners can create their presets"
  on public.model_presets for insert to authenticated
  with check ((select auth.uid()) = owner_id);
create policy "Owners can update their presets"
  on public.model_presets for update to authenticated
  using ((select auth.uid()) = owner_id)
  with check ((select auth.uid()) = owner_id);
create policy "Owners can delete their presets"
  on public.model_presets for delete to authenticated
  using ((select auth.uid()) = owner_id);
