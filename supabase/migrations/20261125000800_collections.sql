-- =============================================================================================
-- Collections of generations, and the keyset-paginated generations listing every page uses.
-- =============================================================================================

create table public.collections (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  title text not null,
  description text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),

  constraint collections_owner_id_id_key unique (owner_id, id),
  constraint collections_title_length check (char_length(title) between 1 and 100),
  constraint collections_title_trimmed check (title = btrim(title) and title !~ '[[:cntrl:]]'),
  constraint collections_description_length check (char_length(description) <= 2000)
);

-- Titles are unique per user regardless of case.
create unique index collections_owner_title_key on public.collections (owner_id, lower(title));

comment on table public.collections is
  'Named groups of generations. collections_with_counts adds item counts.';
comment on column public.collections.id is 'Collection id.';
comment on column public.collections.owner_id is 'The user who owns the collection; defaults to the caller.';
comment on column public.collections.title is 'Title, unique per user case-insensitively, 1-100 characters without surrounding spaces.';
comment on column public.collections.description is 'Optional description (up to 2000 characters).';
comment on column public.collections.created_at is 'When the collection was created.';
comment on column public.collections.updated_at is 'When the title or description last changed.';

create trigger set_updated_at
  before update on public.collections
  for each row execute function private.set_updated_at();

alter table public.collections enable row level security;

revoke all on table public.collections from anon, authenticated;
grant select on table public.collections to authenticated;
grant insert (id, owner_id, title, description) on table public.collections to authenticated;
grant update (title, description) on table public.collections to authenticated;
grant delete on table public.collections to authenticated;

create policy "Owners can read their collections"
  on public.collections for select to authenticated
  using ((select auth.uid()) = owner_id);
create policy "Owners can create their collections"
  on public.collections for insert to authenticated
  with check ((select auth.uid()) = owner_id);
create policy "Owners can update their collections"
  on public.collections for update to authenticated
  using ((select auth.uid()) = owner_id)
  with check ((select auth.uid()) = owner_id);
create policy "Owners can delete their collections"
  on public.collections for delete to authenticated
  using ((select auth.uid()) = owner_id);

-- ---------------------------------------------------------------------------------------------
-- collection_items: many-to-many. Both composite foreign keys carry the same owner_id, so an
-- item can only join a collection and a generation that belong to the same user. Deleting
-- either side removes the item.
-- ---------------------------------------------------------------------------------------------
create table public.collection_items (
  owner_id uuid not null default auth.uid(),
  collection_id uuid not null,
  generation_id uuid not null,
  added_at timestamptz not null default now(),

  constraint collection_items_pkey primary key (owner_id, collection_id, generation_id),
  constraint collection_items_collection_fkey foreign key (owner_id, collection_id)
    references public.collections (owner_id, id) on delete cascade,
  constraint collection_items_generation_fkey foreign key (owner_id, generation_id)
    references public.generations (owner_id, id) on delete cascade
);

-- "Which collections hold this generation" and the generation foreign key.
create index collection_items_owner_generation_idx on public.collection_items (owner_id, generation_id);

comment on table public.collection_items is
  'Membership of generations in collections (many-to-many), owned by the user who owns both.';
comment on column public.collection_items.owner_id is 'Owner of both the collection and the generation.';
comment on column public.collection_items.collection_id is 'The collection.';
comment on column public.collection_items.generation_id is 'The generation in the collection.';
comment on column public.collection_items.added_at is 'When the generation was added to the collection.';

alter table public.collection_items enable row level security;

revoke all on table public.collection_items from anon, authenticated;
grant select on table public.collection_items to authenticated;
grant insert (owner_id, collection_id, generation_id) on table public.collection_items to authenticated;
grant delete on table public.collection_items to authenticated;

create policy "Owners can read their collection items"
  on public.collection_items for select to authenticated
  using ((select auth.uid()) = owner_id);
create policy "Owners can add their generations to their collections"
  on public.collection_items for insert to authenticated
  with check ((select auth.uid()) = owner_id);
create policy "Owners can remove items from their collections"
  on public.collection_items for delete to authenticated
  using ((select auth.uid()) = owner_id);

-- ---------------------------------------------------------------------------------------------
-- collections_with_counts: the collection list with item counts (security_invoker).
-- ---------------------------------------------------------------------------------------------
create view public.collections_with_counts
with (security_invoker = true)
as
select
  c.id,
  c.owner_id,
  c.title,
  c.description,
  c.created_at,
  c.updated_at,
  coalesce(i.item_count, 0) as item_count,
  i.last_added_at
from public.collections c
left join lateral (
  select pg_catalog.count(*) as item_count, max(x.added_at) as last_added_at
    from public.collection_items x
   where x.owner_id = c.owner_id and x.collection_id = c.id
) i on true;

comment on view public.collections_with_counts is
  'The caller''s collections with the number of generations in each.';
comment on column public.collections_with_counts.id is 'Collection id.';
comment on column public.collections_with_counts.owner_id is 'Owner of the collection.';
comment on column public.collections_with_counts.title is 'Collection title.';
comment on column public.collections_with_counts.description is 'Collection description.';
comment on column public.collections_with_counts.created_at is 'When the collection was created.';
comment on column public.collections_with_counts.updated_at is 'When the collection last changed.';
comment on column public.collections_with_counts.item_count is 'Number of generations in the collection.';
comment on column public.collections_with_counts.last_added_at is 'When a generation was last added; null when empty.';

revoke all on table public.collections_with_counts from anon, authenticated;
grant select on table public.collections_with_counts to authenticated;

-- ---------------------------------------------------------------------------------------------
-- RPC: add_generation_to_collection(collection_id, generation_id) -> boolean
-- Idempotent; true when the generation was added now, false when it was already there.
-- ---------------------------------------------------------------------------------------------
create function public.add_generation_to_collection(collection_id uuid, generation_id uuid)
returns boolean
language plpgsql
security invoker
set search_path = ''
as $$
declare
  caller uuid := auth.uid();
  target_collection uuid := collection_id;
  target_generation uuid := generation_id;
  added_count integer;
begin
  if caller is null then
    raise exception using errcode = '42501', message = 'Sign in to organize generations.';
  end if;
  if target_collection is null or target_generation is null then
    raise exception using errcode = '22023', message = 'collection_id and generation_id are both required.';
  end if;
  if not exists (select 1 from public.collections c where c.owner_id = caller and c.id = target_collection) then
    raise exception using errcode = 'PT404',
      message = 'That collection no longer exists. Reload your collections and try again.',
      detail = pg_catalog.jsonb_build_object('collection_id', target_collection)::text;
  end if;
  if not exists (select 1 from public.generations g where g.owner_id = caller and g.id = target_generation) then
    raise exception using errcode = 'PT404',
      message = 'That generation no longer exists. Reload the list and try again.',
      detail = pg_catalog.jsonb_build_object('generation_id', target_generation)::text;
  end if;

  insert into public.collection_items (owner_id, collection_id, generation_id)
  values (caller, target_collection, target_generation)
  on conflict do nothing;
  get diagnostics added_count = row_count;
  return added_count > 0;
end;
$$;
comment on function public.add_generation_to_collection(uuid, uuid) is
  'Adds a generation to a collection. Idempotent: returns true when added now, false when it was already there. Errors: PT404 (HTTP 404) unknown collection or generation, detail names which; 22023 on missing arguments.';

-- ---------------------------------------------------------------------------------------------
-- RPC: remove_generation_from_collection(collection_id, generation_id) -> boolean
-- Idempotent; true when an item was removed, false when there was nothing to remove.
-- ---------------------------------------------------------------------------------------------
create function public.remove_generation_from_collection(collection_id uuid, generation_id uuid)
returns boolean
language plpgsql
security invoker
set search_path = ''
as $$
declare
  caller uuid := auth.uid();
  target_collection uuid := collection_id;
  target_generation uuid := generation_id;
  removed_count integer;
begin
  if caller is null then
    raise exception using errcode = '42501', message = 'Sign in to organize generations.';
  end if;
  if target_collection is null or target_generation is null then
    raise exception using errcode = '22023', message = 'collection_id and generation_id are both required.';
  end if;
  delete from public.collection_items i
   where i.owner_id = caller and i.collection_id = target_collection and i.generation_id = target_generation;
  get diagnostics removed_count = row_count;
  return removed_count > 0;
end;
$$;
comment on function public.remove_generation_from_collection(uuid, uuid) is
  'Removes a generation from a collection. Idempotent: returns true when removed now, false when it was not there.';

-- ---------------------------------------------------------------------------------------------
-- RPC: list_generations(...) -> setof generations
-- Keyset pagination, newest first, for the Generations page, the Favorites view and collection
-- pages. Pass the created_at and id of the last row you have to get the next page; a deep page
-- costs the same as the first because the cursor becomes an index condition (a row comparison
-- on (owner_id, created_at, id)), which PostgREST's filter syntax cannot express.
-- Returns table rows, so PostgREST select/embedding works on the result.
-- ---------------------------------------------------------------------------------------------
create function public.list_generations(
  before_created_at timestamptz default null,
  before_id uuid default null,
  page_size integer default 50,
  connection_id uuid default null,
  model_id text default null,
  favorites_only boolean default false,
  collection_id uuid default null,
  search text default null
)
returns setof public.generations
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  caller uuid := auth.uid();
  cursor_created_at timestamptz := before_created_at;
  cursor_id uuid := before_id;
  wanted_size integer := page_size;
  only_connection uuid := connection_id;
  only_model text := model_id;
  only_collection uuid := collection_id;
  pattern text;
  listing text := 'select g.* from public.generations g where g.owner_id = $1';
begin
  if caller is null then
    raise exception using errcode = '42501', message = 'Sign in to see your generations.';
  end if;
  if (cursor_created_at is null) <> (cursor_id is null) then
    raise exception using errcode = '22023',
      message = 'Pass both before_created_at and before_id (from the last row of the previous page), or neither for the first page.';
  end if;
  if wanted_size is null or wanted_size not between 1 and 200 then
    raise exception using errcode = '22023', message = 'page_size must be between 1 and 200.';
  end if;

  -- Only fixed SQL fragments are appended; every value travels as a parameter.
  if cursor_created_at is not null then
    listing := listing || ' and (g.created_at, g.id) < ($2, $3)';
  end if;
  if only_connection is not null then
    listing := listing || ' and g.connection_id = $4';
  end if;
  if only_model is not null then
    listing := listing || ' and g.model_id = $5';
  end if;
  if coalesce(favorites_only, false) then
    listing := listing || ' and exists (select 1 from public.generation_favorites f'
                       || ' where f.owner_id = g.owner_id and f.generation_id = g.id)';
  end if;
  if only_collection is not null then
    listing := listing || ' and exists (select 1 from public.collection_items i'
                       || ' where i.owner_id = g.owner_id and i.collection_id = $6 and i.generation_id = g.id)';
  end if;
  if search is not null and pg_catalog.btrim(search) <> '' then
    -- Match the text literally: escape LIKE wildcards typed by the user.
    pattern := '%' || pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(
                 pg_catalog.btrim(search), '\', '\\'), '%', '\%'), '_', '\_') || '%';
    listing := listing || ' and g.prompt ilike $7';
  end if;
  listing := listing || ' order by g.created_at desc, g.id desc limit $8';

  return query execute listing
    using caller, cursor_created_at, cursor_id, only_connection, only_model, only_collection, pattern, wanted_size;
end;
$$;
comment on function public.list_generations(timestamptz, uuid, integer, uuid, text, boolean, uuid, text) is
  'One page of the caller''s generations, newest first (created_at desc, id desc). Cursor: before_created_at + before_id of the last row already shown. Filters: connection_id, model_id, favorites_only, collection_id, search (case-insensitive substring of the prompt). page_size 1-200 (default 50). Errors: 22023 on an incomplete cursor or bad page_size.';

-- ---------------------------------------------------------------------------------------------
-- RPC privileges.
-- ---------------------------------------------------------------------------------------------
revoke execute on function public.add_generation_to_collection(uuid, uuid) from public, anon;
revoke execute on function public.remove_generation_from_collection(uuid, uuid) from public, anon;
revoke execute on function public.list_generations(timestamptz, uuid, integer, uuid, text, boolean, uuid, text) from public, anon;
grant execute on function public.add_generation_to_collection(uuid, uuid) to authenticated, service_role;
grant execute on function public.remove_generation_from_collection(uuid, uuid) to authenticated, service_role;
grant execute on function public.list_generations(timestamptz, uuid, integer, uuid, text, boolean, uuid, text) to authenticated, service_role;
