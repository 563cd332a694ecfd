-- =============================================================================================
-- Model list syncs of thousands of models: private.after_models_update() compared the statement's
-- old and new rows with a join of the two transition tables. Transition tables have no
-- statistics, so the planner chose a nested loop: a 5,000-model refresh (sync_connection_models
-- updating every row) took ~11 s and hit the authenticated role's statement timeout. EXCEPT
-- compares them with one hash pass (~0.1 s for 5,000). Same results: the rows whose enabled
-- (resp. available) flag changed, keyed by the primary key, which an update of models cannot change
-- through the API.
-- =============================================================================================

create or replace function private.after_models_update()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  -- One revision step per statement and owner, whatever the number of flags it flipped.
  insert into public.preference_revisions as r (owner_id, revision, updated_at)
  select distinct changed.owner_id, 1, pg_catalog.now()
    from (
      select n.owner_id, n.connection_id, n.model_id, n.enabled from new_models n
      except
      select o.owner_id, o.connection_id, o.model_id, o.enabled from old_models o
    ) changed
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
     select changed.owner_id, changed.connection_id
       from (
         select n.owner_id, n.connection_id, n.model_id, n.available from new_models n
         except
         select o.owner_id, o.connection_id, o.model_id, o.available from old_models o
       ) changed
   );
  return null;
end;
$$;
comment on function private.after_models_update() is
  'AFTER UPDATE statement trigger on models: bumps the owner''s preference revision when enabled flags changed, and recounts available models when availability changed.';

revoke execute on all functions in schema private from public, anon, authenticated;
