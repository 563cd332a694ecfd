-- =============================================================================================
-- Per-user rate limits for the Edge Functions that make server-side requests to user-supplied
-- URLs (probes, discovery, runtime control, prompts): the spec answers excess with HTTP 429.
--
-- Hosted Edge Functions run as many short-lived instances, so an in-memory counter does not hold;
-- the counter lives here. Fixed windows: one row per (user, bucket, window), incremented
-- atomically by an upsert. Only server code (service_role) consumes quota; users may read theirs.
-- =============================================================================================

create table public.rate_limit_counters (
  owner_id uuid not null references auth.users (id) on delete cascade,
  bucket text not null,
  window_start timestamptz not null,
  request_count integer not null default 0,

  constraint rate_limit_counters_pkey primary key (owner_id, bucket, window_start),
  constraint rate_limit_counters_bucket_format check (bucket ~ '^[a-z][a-z0-9_.:-]{0,63}$'),
  constraint rate_limit_counters_request_count_nonnegative check (request_count >= 0)
);

comment on table public.rate_limit_counters is
  'Requests per user, bucket and fixed time window, counted by consume_rate_limit() for the Edge Functions'' 429 rule. Old windows are pruned as new ones start.';
comment on column public.rate_limit_counters.owner_id is 'The user whose requests are counted.';
comment on column public.rate_limit_counters.bucket is 'What is limited, e.g. probe, discovery, runtime, run_prompt.';
comment on column public.rate_limit_counters.window_start is 'Start of the fixed window this row counts.';
comment on column public.rate_limit_counters.request_count is 'Requests made in the window, refused ones included.';

alter table public.rate_limit_counters enable row level security;

revoke all on table public.rate_limit_counters from anon, authenticated;
grant select on table public.rate_limit_counters to authenticated;

create policy "Owners can read their rate limit usage"
  on public.rate_limit_counters for select to authenticated
  using ((select auth.uid()) = owner_id);

-- ---------------------------------------------------------------------------------------------
-- RPC (service_role only): consume_rate_limit(user_id, bucket, max_requests, window_seconds)
-- -> {"allowed", "limit", "remaining", "retry_after_seconds", "reset_at"}
-- The caller (an Edge Function that already verified the user's JWT) answers 429 with
-- Retry-After when allowed is false.
-- ---------------------------------------------------------------------------------------------
create function public.consume_rate_limit(
  user_id uuid,
  bucket text,
  max_requests integer,
  window_seconds integer default 60
)
returns jsonb
language plpgsql
security invoker
set search_path = ''
as $$
declare
  target_user uuid := user_id;
  target_bucket text := bucket;
  allowed_requests integer := max_requests;
  window_length integer := window_seconds;
  current_window timestamptz;
  window_end timestamptz;
  used integer;
begin
  if target_user is null or target_bucket is null or allowed_requests is null or window_length is null then
    raise exception using errcode = '22023', message = 'user_id, bucket, max_requests and window_seconds are required.';
  end if;
  if allowed_requests < 1 or window_length not between 1 and 86400 then
    raise exception using errcode = '22023',
      message = 'max_requests must be at least 1 and window_seconds between 1 and 86400.';
  end if;

  current_window := pg_catalog.to_timestamp(
    pg_catalog.floor(extract(epoch from pg_catalog.now()) / window_length) * window_length);
  window_end := current_window + pg_catalog.make_interval(secs => window_length);

  insert into public.rate_limit_counters as r (owner_id, bucket, window_start, request_count)
  values (target_user, target_bucket, current_window, 1)
  on conflict on constraint rate_limit_counters_pkey do update
    set request_count = r.request_count + 1
  returning r.request_count into used;

  delete from public.rate_limit_counters r
   where r.owner_id = target_user and r.bucket = target_bucket and r.window_start < current_window;

  return pg_catalog.jsonb_build_object(
    'allowed', used <= allowed_requests,
    'limit', allowed_requests,
    'remaining', greatest(allowed_requests - used, 0),
    'retry_after_seconds', case when used <= allowed_requests then 0
                                else pg_catalog.ceil(extract(epoch from window_end - pg_catalog.now()))::integer end,
    'reset_at', window_end
  );
end;
$$;
comment on function public.consume_rate_limit(uuid, text, integer, integer) is
  'Server code only (service_role): counts one request of user_id in bucket and says whether it is within max_requests per window_seconds. Returns {"allowed", "limit", "remaining", "retry_after_seconds", "reset_at"}. Errors: 22023 on bad arguments.';

revoke execute on function public.consume_rate_limit(uuid, text, integer, integer) from public, anon, authenticated;
grant execute on function public.consume_rate_limit(uuid, text, integer, integer) to service_role;
