-- =============================================================================================
-- Collections list: item counts cached on collections.
--
-- collections_with_counts counted each collection's items on every read. Even as index-only
-- scans (20261125001000_collection_items_added_idx) that touches every item of the user:
-- `npm run bench:db` measured 6.15 ms for a user with 51 collections and 35k items, over the 5 ms
-- goal, and it grows with the items. Now collections carries item_count and last_added_at, kept
-- current by statement triggers on collection_items (like connections.model_count), and the view
-- reads them: its cost follows the number of collections, not of items.
-- =============================================================================================

-- ---------------------------------------------------------------------------------------------
-- The cached columns. Users never write them: the column-level grants on collections
-- (insert id, owner_id, title, description; update title, description) leave them out, and
-- select stays table-wide so the owner reads them.
-- ---------------------------------------------------------------------------------------------
alter table public.collections
  add column item_count integer not null default 0,
  add column last_added_at timestamptz,
  add constraint collections_item_count_nonnegative check (item_count >= 0);

comment on table public.collections is
  'Named groups of generations, with their item counts (maintained from collection_items).';
comment on column public.collections.item_count is
  'Number of generations in the collection. Maintained from collection_items; not writable by users.';
comment on column public.collections.last_added_at is
  'When a generation was last added (latest added_at of its items); null when empty. Maintained from collection_items; not writable by users.';

-- Only the user-editable columns move updated_at ("when the title or description last
-- changed"); the cache updates below do not, as on connections.
drop trigger set_updated_at on public.collections;
create trigger set_updated_at
  before update of title, description on public.collections
  for each row execute function private.set_updated_at();

-- ---------------------------------------------------------------------------------------------
-- Maintenance. Security definer because authenticated may not write the cached columns; the
-- collections touched are derived from the collection_items rows the statement changed, which
-- already passed RLS (or are cascades from the user's own collections and generations).
--
-- Counts move by deltas (item_count + n), applied under the collection row's lock, so concurrent
-- adds and removes in the same collection never lose one another, which a recount could: its
-- subquery reads the statement's snapshot, not rows committed while it waited for the lock.
-- last_added_at after a removal is looked up again (one backward step down
-- collection_items_owner_collection_added_idx) in a second statement: by then this
-- transaction holds the row locks, and the statement's fresh snapshot sees every add committed
-- before them; later adds wait for the locks and apply greatest() on top.
-- UPDATE (service role only; authenticated cannot update items) counts as remove + add.
-- ---------------------------------------------------------------------------------------------
create function private.refresh_collection_counts()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op in ('DELETE', 'UPDATE') then
    update public.collections c
       set item_count = c.item_count - r.items
      from (
        select x.owner_id, x.collection_id, pg_catalog.count(*)::integer as items
          from removed_items x
         group by x.owner_id, x.collection_id
      ) r
     where c.owner_id = r.owner_id and c.id = r.collection_id;

    update public.collections c
       set last_added_at = (
         select max(i.added_at)
           from public.collection_items i
          where i.owner_id = c.owner_id and i.collection_id = c.id
       )
     where (c.owner_id, c.id) in (select x.owner_id, x.collection_id from removed_items x);
  end if;

  if tg_op in ('INSERT', 'UPDATE') then
    update public.collections c
       set item_count = c.item_count + a.items,
           last_added_at = greatest(c.last_added_at, a.last_added_at)
      from (
        select x.owner_id, x.collection_id, pg_catalog.count(*)::integer as items, max(x.added_at) as last_added_at
          from added_items x
         group by x.owner_id, x.collection_id
      ) a
     where c.owner_id = a.owner_id and c.id = a.collection_id;
  end if;
  return null;
end;
$$;
comment on function private.refresh_collection_counts() is
  'AFTER INSERT/UPDATE/DELETE statement trigger on collection_items: moves collections.item_count by the rows added and removed, and keeps collections.last_added_at at the latest added_at.';

create trigger refresh_collection_counts_after_insert
  after insert on public.collection_items
  referencing new table as added_items
  for each statement execute function private.refresh_collection_counts();
create trigger refresh_collection_counts_after_delete
  after delete on public.collection_items
  referencing old table as removed_items
  for each statement execute function private.refresh_collection_counts();
create trigger refresh_collection_counts_after_update
  after update on public.collection_items
  referencing old table as removed_items new table as added_items
  for each statement execute function private.refresh_collection_counts();

-- Backfill after the triggers exist: creating them locked collection_items against writes until
-- this migration commits, so no item can slip between the count and the triggers.
update public.collections c
   set item_count = i.items,
       last_added_at = i.last_added_at
  from (
    select x.owner_id, x.collection_id, pg_catalog.count(*)::integer as items, max(x.added_at) as last_added_at
      from public.collection_items x
     group by x.owner_id, x.collection_id
  ) i
 where c.owner_id = i.owner_id and c.id = i.collection_id;

-- ---------------------------------------------------------------------------------------------
-- collections_with_counts: same columns and types, read from the cache.
-- ---------------------------------------------------------------------------------------------
create or replace view public.collections_with_counts
with (security_invoker = true)
as
select
  c.id,
  c.owner_id,
  c.title,
  c.description,
  c.created_at,
  c.updated_at,
  c.item_count::bigint as item_count,
  c.last_added_at
from public.collections c;

revoke execute on all functions in schema private from public, anon, authenticated;
