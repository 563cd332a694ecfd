-- =============================================================================================
-- Demo data for local development: one account with a few connections, their models, stars,
-- preferences, presets, generations and collections, so `npm run dev` opens on a living app.
--
--   Email:    demo@switchboard.local
--   Password: switchboard-demo          (docs/demo-account.md; never use this on a hosted project)
--
-- Applied after the migrations by `supabase db reset` (the local stack's `npm run stack -- reset`
-- and every cold start). Everything is a real row in the real schema: what the app does is done
-- here the way the app does it (as the signed-in user, through the RPCs, so RLS, triggers and
-- constraints all apply); only history the app cannot backdate (health checks, past runs,
-- creation times) is written as the database owner. Ids are fixed, so reruns change nothing.
-- =============================================================================================

-- ---------------------------------------------------------------------------------------------
-- The account, stored as Supabase Auth stores an email sign-up: a bcrypt hash (cost 10, as
-- GoTrue uses) in auth.users, confirmed, plus its `email` identity. Token columns are '' rather
-- than null because GoTrue cannot read nulls there.
-- ---------------------------------------------------------------------------------------------
insert into auth.users (
  instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
  confirmation_token, recovery_token, email_change_token_new, email_change, email_change_token_current,
  phone_change, phone_change_token, reauthentication_token,
  raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
values (
  '00000000-0000-0000-0000-000000000000', 'de000000-0000-4000-8000-000000000000', 'authenticated', 'authenticated',
  'demo@switchboard.local', extensions.crypt('switchboard-demo', extensions.gen_salt('bf', 10)), now() - interval '14 days',
  '', '', '', '', '', '', '', '',
  '{"provider": "email", "providers": ["email"]}',
  '{"sub": "de000000-0000-4000-8000-000000000000", "email": "demo@switchboard.local", "email_verified": true, "phone_verified": false}',
  now() - interval '14 days', now() - interval '14 days')
on conflict (id) do nothing;

insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
values (
  'de000000-0000-4000-8000-000000000000', 'de000000-0000-4000-8000-000000000000',
  '{"sub": "de000000-0000-4000-8000-000000000000", "email": "demo@switchboard.local", "email_verified": true, "phone_verified": false}',
  'email', now() - interval '14 days', now() - interval '14 days', now() - interval '14 days')
on conflict (provider_id, provider) do nothing;

-- ---------------------------------------------------------------------------------------------
-- From here on: the demo user in the app, as PostgREST runs a request with its JWT.
-- ---------------------------------------------------------------------------------------------
set role authenticated;
select set_config('request.jwt.claims',
  '{"sub": "de000000-0000-4000-8000-000000000000", "role": "authenticated", "aud": "authenticated", "email": "demo@switchboard.local"}',
  false);

-- Ollama on the developer's machine is probed from the browser (a hosted backend cannot reach
-- localhost); the cloud connections have no key stored.
insert into public.connections (id, kind, name, base_url, probe_from) values
  ('de000000-0000-4000-8000-000000000001', 'ollama', 'Ollama on this computer', 'http://localhost:11434', 'browser'),
  ('de000000-0000-4000-8000-000000000002', 'openai', 'OpenAI', 'https://api.openai.com', 'server'),
  ('de000000-0000-4000-8000-000000000003', 'openrouter', 'OpenRouter', 'https://openrouter.ai', 'server')
on conflict do nothing;

-- Discovery results as the adapters normalize them. Ollama's /api/tags gives sizes, families and
-- quantization; OpenAI's /v1/models only ids; OpenRouter's /api/v1/models names, context lengths
-- and per-token prices (here per million tokens). The ids differ from the pgTAP fixtures' models
-- (llama3.1:8b, qwen2.5:7b, gpt-4o, gpt-4o-mini): `npm run test:db` runs on a seeded database.
select public.sync_connection_models('de000000-0000-4000-8000-000000000001', '[
  {"model_id": "llama3.2:3b", "context_length": 131072, "capabilities": ["chat", "tools"], "size_bytes": 2019393189,
   "family": "llama", "parameter_size": "3.2B", "quantization": "Q4_K_M", "details": {"format": "gguf"}},
  {"model_id": "llama3.1:latest", "context_length": 131072, "capabilities": ["chat", "tools"], "size_bytes": 4920753328,
   "family": "llama", "parameter_size": "8.0B", "quantization": "Q4_K_M", "details": {"format": "gguf"}},
  {"model_id": "qwen2.5-coder:7b", "context_length": 32768, "capabilities": ["chat", "tools"], "size_bytes": 4683087332,
   "family": "qwen2", "parameter_size": "7.6B", "quantization": "Q4_K_M", "details": {"format": "gguf"}},
  {"model_id": "deepseek-r1:8b", "context_length": 131072, "capabilities": ["chat", "reasoning"], "size_bytes": 4920738407,
   "family": "llama", "parameter_size": "8.0B", "quantization": "Q4_K_M", "details": {"format": "gguf"}},
  {"model_id": "gemma2:2b", "context_length": 8192, "capabilities": ["chat"], "size_bytes": 1629518495,
   "family": "gemma2", "parameter_size": "2.6B", "quantization": "Q4_0", "details": {"format": "gguf"}},
  {"model_id": "nomic-embed-text:latest", "context_length": 8192, "capabilities": ["embedding"], "size_bytes": 274302450,
   "family": "nomic-bert", "parameter_size": "137M", "quantization": "F16", "details": {"format": "gguf"}}
]'::jsonb);

select public.sync_connection_models('de000000-0000-4000-8000-000000000002', '[
  {"model_id": "gpt-4.1", "capabilities": ["chat", "vision", "tools", "json_mode"], "details": {"owned_by": "system"}},
  {"model_id": "gpt-4.1-mini", "capabilities": ["chat", "vision", "tools", "json_mode"], "details": {"owned_by": "system"}},
  {"model_id": "gpt-4.1-nano", "capabilities": ["chat", "vision", "tools", "json_mode"], "details": {"owned_by": "system"}},
  {"model_id": "chatgpt-4o-latest", "capabilities": ["chat", "vision"], "details": {"owned_by": "system"}},
  {"model_id": "o3-mini", "capabilities": ["chat", "tools", "reasoning", "json_mode"], "details": {"owned_by": "system"}},
  {"model_id": "o4-mini", "capabilities": ["chat", "vision", "tools", "reasoning"], "details": {"owned_by": "system"}},
  {"model_id": "gpt-3.5-turbo", "capabilities": ["chat", "tools", "json_mode"], "details": {"owned_by": "openai"}},
  {"model_id": "text-embedding-3-small", "capabilities": ["embedding"], "details": {"owned_by": "system"}},
  {"model_id": "text-embedding-3-large", "capabilities": ["embedding"], "details": {"owned_by": "system"}},
  {"model_id": "dall-e-3", "capabilities": ["image_generation"], "details": {"owned_by": "system"}},
  {"model_id": "whisper-1", "capabilities": ["audio"], "details": {"owned_by": "openai-internal"}},
  {"model_id": "tts-1", "capabilities": ["audio"], "details": {"owned_by": "openai-internal"}}
]'::jsonb);

-- OpenRouter's first listing still had Claude 2.1, which the user starred; the next refresh no
-- longer lists it, so it stays (starred) but unavailable.
select public.sync_connection_models('de000000-0000-4000-8000-000000000003', '[
  {"model_id": "anthropic/claude-2.1", "display_name": "Anthropic: Claude v2.1", "context_length": 200000,
   "capabilities": ["chat"], "prompt_price_per_mtok": 8, "completion_price_per_mtok": 24}
]'::jsonb, false);
select public.set_model_favorite('de000000-0000-4000-8000-000000000003', 'anthropic/claude-2.1', true);

select public.sync_connection_models('de000000-0000-4000-8000-000000000003', '[
  {"model_id": "openai/gpt-4o", "display_name": "OpenAI: GPT-4o", "context_length": 128000,
   "capabilities": ["chat", "vision", "tools", "json_mode"], "prompt_price_per_mtok": 2.5, "completion_price_per_mtok": 10},
  {"model_id": "openai/gpt-4o-mini", "display_name": "OpenAI: GPT-4o-mini", "context_length": 128000,
   "capabilities": ["chat", "vision", "tools", "json_mode"], "prompt_price_per_mtok": 0.15, "completion_price_per_mtok": 0.6},
  {"model_id": "anthropic/claude-3.5-sonnet", "display_name": "Anthropic: Claude 3.5 Sonnet", "context_length": 200000,
   "capabilities": ["chat", "vision", "tools"], "prompt_price_per_mtok": 3, "completion_price_per_mtok": 15},
  {"model_id": "anthropic/claude-3.5-haiku", "display_name": "Anthropic: Claude 3.5 Haiku", "context_length": 200000,
   "capabilities": ["chat", "tools"], "prompt_price_per_mtok": 0.8, "completion_price_per_mtok": 4},
  {"model_id": "anthropic/claude-3.7-sonnet", "display_name": "Anthropic: Claude 3.7 Sonnet", "context_length": 200000,
   "capabilities": ["chat", "vision", "tools", "reasoning"], "prompt_price_per_mtok": 3, "completion_price_per_mtok": 15},
  {"model_id": "google/gemini-2.0-flash-001", "display_name": "Google: Gemini 2.0 Flash", "context_length": 1048576,
   "capabilities": ["chat", "vision", "tools"], "prompt_price_per_mtok": 0.1, "completion_price_per_mtok": 0.4},
  {"model_id": "meta-llama/llama-3.3-70b-instruct", "display_name": "Meta: Llama 3.3 70B Instruct", "context_length": 131072,
   "capabilities": ["chat", "tools"], "prompt_price_per_mtok": 0.12, "completion_price_per_mtok": 0.3},
  {"model_id": "meta-llama/llama-3.1-8b-instruct:free", "display_name": "Meta: Llama 3.1 8B Instruct (free)", "context_length": 131072,
   "capabilities": ["chat"], "prompt_price_per_mtok": 0, "completion_price_per_mtok": 0},
  {"model_id": "mistralai/mistral-small-3.1-24b-instruct", "display_name": "Mistral: Mistral Small 3.1 24B", "context_length": 131072,
   "capabilities": ["chat", "vision", "tools"], "prompt_price_per_mtok": 0.1, "completion_price_per_mtok": 0.3},
  {"model_id": "deepseek/deepseek-r1", "display_name": "DeepSeek: R1", "context_length": 163840,
   "capabilities": ["chat", "reasoning"], "prompt_price_per_mtok": 0.55, "completion_price_per_mtok": 2.19},
  {"model_id": "deepseek/deepseek-chat", "display_name": "DeepSeek: DeepSeek V3", "context_length": 163840,
   "capabilities": ["chat", "tools"], "prompt_price_per_mtok": 0.38, "completion_price_per_mtok": 0.89},
  {"model_id": "qwen/qwen-2.5-72b-instruct", "display_name": "Qwen2.5 72B Instruct", "context_length": 32768,
   "capabilities": ["chat", "tools"], "prompt_price_per_mtok": 0.35, "completion_price_per_mtok": 0.4},
  {"model_id": "x-ai/grok-2-1212", "display_name": "xAI: Grok 2 1212", "context_length": 131072,
   "capabilities": ["chat", "tools"], "prompt_price_per_mtok": 2, "completion_price_per_mtok": 10}
]'::jsonb);

select public.set_model_favorite('de000000-0000-4000-8000-000000000001', 'llama3.2:3b', true);
select public.set_model_favorite('de000000-0000-4000-8000-000000000002', 'gpt-4.1-mini', true);
select public.set_model_favorite('de000000-0000-4000-8000-000000000003', 'anthropic/claude-3.5-sonnet', true);

-- Preferences: the user hid what the playground cannot use, in one save against the current
-- revision (the revision becomes 1 on a fresh database; a rerun changes nothing).
select public.save_model_preferences(
  (public.get_model_preferences() ->> 'revision')::bigint,
  '[
    {"connection_id": "de000000-0000-4000-8000-000000000001", "model_id": "nomic-embed-text:latest", "enabled": false},
    {"connection_id": "de000000-0000-4000-8000-000000000002", "model_id": "gpt-3.5-turbo", "enabled": false},
    {"connection_id": "de000000-0000-4000-8000-000000000002", "model_id": "text-embedding-3-small", "enabled": false},
    {"connection_id": "de000000-0000-4000-8000-000000000002", "model_id": "text-embedding-3-large", "enabled": false},
    {"connection_id": "de000000-0000-4000-8000-000000000002", "model_id": "dall-e-3", "enabled": false},
    {"connection_id": "de000000-0000-4000-8000-000000000002", "model_id": "whisper-1", "enabled": false},
    {"connection_id": "de000000-0000-4000-8000-000000000002", "model_id": "tts-1", "enabled": false},
    {"connection_id": "de000000-0000-4000-8000-000000000003", "model_id": "x-ai/grok-2-1212", "enabled": false}
  ]'::jsonb);

-- The local runtime as the last poll of Ollama saw it: one model loaded, one failed to load.
update public.models
   set runtime_status = 'running', runtime_status_at = now(), runtime_error = null,
       runtime_memory_bytes = 3925963776, runtime_expires_at = now() + interval '5 minutes'
 where connection_id = 'de000000-0000-4000-8000-000000000001' and model_id = 'llama3.2:3b';
update public.models
   set runtime_status = 'error', runtime_status_at = now() - interval '20 minutes',
       runtime_error = 'model requires more system memory (5.5 GiB) than is available (4.1 GiB)'
 where connection_id = 'de000000-0000-4000-8000-000000000001' and model_id = 'deepseek-r1:8b';

insert into public.model_presets
  (id, name, connection_id, model_id, temperature, top_p, max_tokens, context_length, system_prompt, keep_alive)
values
  ('de000000-0000-4000-8000-0000000000f1', 'Local coder', 'de000000-0000-4000-8000-000000000001', 'qwen2.5-coder:7b',
   0.2, 0.9, 2048, 16384,
   'You are a careful senior engineer. Answer with working code first, then one short paragraph of explanation.', '30m'),
  ('de000000-0000-4000-8000-0000000000f2', 'Haiku poet', 'de000000-0000-4000-8000-000000000003', 'anthropic/claude-3.5-sonnet',
   1.0, null, 200, null, 'You write haiku: three lines of 5, 7 and 5 syllables, no title, no explanation.', null),
  ('de000000-0000-4000-8000-0000000000f3', 'Quick answers', 'de000000-0000-4000-8000-000000000002', 'gpt-4.1-mini',
   0.3, null, 512, null, 'Answer in at most three sentences.', null)
on conflict do nothing;

insert into public.collections (id, title, description) values
  ('de000000-0000-4000-8000-0000000000c1', 'Haiku', 'Short poems worth keeping.'),
  ('de000000-0000-4000-8000-0000000000c2', 'Code snippets', 'Small functions to reuse.')
on conflict do nothing;

-- ---------------------------------------------------------------------------------------------
-- History, written as the database owner because the API does not let anyone backdate it.
-- ---------------------------------------------------------------------------------------------
reset role;

update public.connections
   set created_at = now() - interval '14 days', updated_at = now() - interval '14 days'
 where owner_id = 'de000000-0000-4000-8000-000000000000';
update public.models
   set first_seen_at = least(first_seen_at, now() - interval '14 days')
 where owner_id = 'de000000-0000-4000-8000-000000000000' and model_id <> 'anthropic/claude-2.1';
update public.models
   set first_seen_at = now() - interval '14 days', last_seen_at = now() - interval '3 days'
 where owner_id = 'de000000-0000-4000-8000-000000000000' and model_id = 'anthropic/claude-2.1';
update public.model_presets
   set created_at = now() - interval '10 days', updated_at = now() - interval '10 days'
 where owner_id = 'de000000-0000-4000-8000-000000000000';
update public.collections
   set created_at = now() - interval '5 days', updated_at = now() - interval '5 days'
 where owner_id = 'de000000-0000-4000-8000-000000000000';
-- The "created" events move with what they describe.
update public.audit_events e
   set occurred_at = coalesce(
         (select c.created_at from public.connections c where c.id = e.entity_id),
         (select p.created_at from public.model_presets p where p.id = e.entity_id),
         e.occurred_at)
 where e.owner_id = 'de000000-0000-4000-8000-000000000000' and e.action = 'created';

-- A day of hourly health checks per connection (deterministic values, for the latency chart).
-- OpenAI stopped answering once the deployment's server key was removed: its last checks fail.
insert into public.health_checks (owner_id, connection_id, status, latency_ms, error, error_code, model_count, source, checked_at)
select 'de000000-0000-4000-8000-000000000000', c.id, h.status, h.latency_ms, h.error, h.error_code, h.model_count, h.source,
       now() - make_interval(hours => hour) - interval '7 minutes'
  from generate_series(0, 23) as hour
 cross join lateral (
   values
     ('de000000-0000-4000-8000-000000000001'::uuid, 'healthy', 8 + (hour * 7) % 17, null, null, 6, 'browser'),
     ('de000000-0000-4000-8000-000000000002'::uuid,
      case when hour < 3 then 'unhealthy' else 'healthy' end,
      case when hour < 3 then 96 + hour else 240 + (hour * 37) % 160 end,
      case when hour < 3 then 'OpenAI refused the request (401 Unauthorized): no API key is set. Add your key to this connection.' end,
      case when hour < 3 then 'invalid_key' end,
      case when hour < 3 then null else 12 end,
      'server'),
     ('de000000-0000-4000-8000-000000000003'::uuid,
      case when hour = 9 then 'degraded' else 'healthy' end,
      case when hour = 9 then 2380 else 180 + (hour * 53) % 270 end,
      case when hour = 9 then 'Slow response: the model list took 2.4 s (over the 2 s threshold).' end,
      null, 13, 'server')
 ) as h(connection_id, status, latency_ms, error, error_code, model_count, source)
  join public.connections c on c.id = h.connection_id
 where not exists (
   select 1 from public.health_checks x where x.owner_id = 'de000000-0000-4000-8000-000000000000'
 );

-- Past runs. The snapshot trigger fills the connection's name and kind; the usage trigger counts
-- each run for its connection and model.
insert into public.generations
  (id, owner_id, connection_id, preset_id, model_id, prompt, system_prompt, output, parameters,
   prompt_tokens, completion_tokens, latency_ms, first_token_ms, status, error, created_at, finished_at)
values
  ('de000000-0000-4000-8000-0000000000e1', 'de000000-0000-4000-8000-000000000000', 'de000000-0000-4000-8000-000000000001', null,
   'llama3.2:3b', 'Write a haiku about a lighthouse keeper.', null,
   E'Salt wind on the glass\nhe trims the wick before dusk\nships he will not meet',
   '{"temperature": 0.8}', 17, 19, 1840, 312, 'completed', null,
   now() - interval '3 days 4 hours', now() - interval '3 days 4 hours' + interval '1840 milliseconds'),
  ('de000000-0000-4000-8000-0000000000e2', 'de000000-0000-4000-8000-000000000000', 'de000000-0000-4000-8000-000000000003', 'de000000-0000-4000-8000-0000000000f2',
   'anthropic/claude-3.5-sonnet', 'Write a haiku about debugging at 3 a.m.',
   'You write haiku: three lines of 5, 7 and 5 syllables, no title, no explanation.',
   E'Cursor blinks, then waits\nthe bug was a missing semi-\ncolon all along',
   '{"temperature": 1.0, "max_tokens": 200}', 41, 22, 2210, 640, 'completed', null,
   now() - interval '2 days 22 hours', now() - interval '2 days 22 hours' + interval '2210 milliseconds'),
  ('de000000-0000-4000-8000-0000000000e3', 'de000000-0000-4000-8000-000000000000', 'de000000-0000-4000-8000-000000000001', 'de000000-0000-4000-8000-0000000000f1',
   'qwen2.5-coder:7b', 'Write a TypeScript function that debounces another function.',
   'You are a careful senior engineer. Answer with working code first, then one short paragraph of explanation.',
   E'```ts\nexport function debounce<A extends unknown[]>(fn: (...args: A) => void, waitMs: number) {\n  let timer: ReturnType<typeof setTimeout> | undefined;\n  return (...args: A) => {\n    clearTimeout(timer);\n    timer = setTimeout(() => fn(...args), waitMs);\n  };\n}\n```\n\nEach call cancels the pending timer and starts a new one, so `fn` runs once, `waitMs` after the last call, with that call''s arguments.',
   '{"temperature": 0.2, "top_p": 0.9, "max_tokens": 2048, "num_ctx": 16384}', 58, 131, 6920, 880, 'completed', null,
   now() - interval '2 days 3 hours', now() - interval '2 days 3 hours' + interval '6920 milliseconds'),
  ('de000000-0000-4000-8000-0000000000e4', 'de000000-0000-4000-8000-000000000000', 'de000000-0000-4000-8000-000000000002', 'de000000-0000-4000-8000-0000000000f3',
   'gpt-4.1-mini', 'Explain the difference between a process and a thread in two sentences.',
   'Answer in at most three sentences.',
   'A process is a running program with its own memory space, while a thread is a path of execution inside a process. Threads of one process share its memory, which makes them cheaper to start and to switch between, but also means they must coordinate access to shared data.',
   '{"temperature": 0.3, "max_tokens": 512}', 36, 58, 1530, 420, 'completed', null,
   now() - interval '1 day 6 hours', now() - interval '1 day 6 hours' + interval '1530 milliseconds'),
  ('de000000-0000-4000-8000-0000000000e5', 'de000000-0000-4000-8000-000000000000', 'de000000-0000-4000-8000-000000000003', null,
   'deepseek/deepseek-r1', 'Is 2^31 - 1 prime? Answer briefly.', null,
   'Yes. 2^31 - 1 = 2,147,483,647 is a Mersenne prime, proved prime by Euler in 1772.',
   '{}', 14, 412, 9870, 5120, 'completed', null,
   now() - interval '1 day 2 hours', now() - interval '1 day 2 hours' + interval '9870 milliseconds'),
  ('de000000-0000-4000-8000-0000000000e6', 'de000000-0000-4000-8000-000000000000', 'de000000-0000-4000-8000-000000000002', null,
   'gpt-4.1', 'Summarize the release notes below in three bullet points.', null, '',
   '{"temperature": 0.5}', null, null, 96, null, 'error',
   'OpenAI refused the request (401 Unauthorized): no API key is set. Add your key to this connection.',
   now() - interval '2 hours', now() - interval '2 hours' + interval '96 milliseconds'),
  ('de000000-0000-4000-8000-0000000000e7', 'de000000-0000-4000-8000-000000000000', 'de000000-0000-4000-8000-000000000001', null,
   'llama3.1:latest', 'Tell me a long story about a dragon who learns to program.', null,
   'Once, in the mountains above a quiet harbour town, there lived a dragon named Ember who collected not gold but old manuals. One winter a crate of punched cards washed up',
   '{"temperature": 0.9}', 19, 44, 4100, 350, 'cancelled', null,
   now() - interval '90 minutes', now() - interval '90 minutes' + interval '4100 milliseconds'),
  ('de000000-0000-4000-8000-0000000000e8', 'de000000-0000-4000-8000-000000000000', 'de000000-0000-4000-8000-000000000003', null,
   'google/gemini-2.0-flash-001', 'Translate "Where is the train station?" into French, Spanish and Japanese.', null,
   E'- French: Où est la gare ?\n- Spanish: ¿Dónde está la estación de tren?\n- Japanese: 駅はどこですか？ (Eki wa doko desu ka?)',
   '{"temperature": 0.2}', 21, 47, 890, 260, 'completed', null,
   now() - interval '25 minutes', now() - interval '25 minutes' + interval '890 milliseconds')
on conflict do nothing;

-- ---------------------------------------------------------------------------------------------
-- Back to the user for hearts and collections, through the same RPCs the app calls.
-- ---------------------------------------------------------------------------------------------
set role authenticated;

select public.set_generation_favorite('de000000-0000-4000-8000-0000000000e1', true);
select public.set_generation_favorite('de000000-0000-4000-8000-0000000000e3', true);
select public.set_generation_favorite('de000000-0000-4000-8000-0000000000e5', true);

select public.add_generation_to_collection('de000000-0000-4000-8000-0000000000c1', 'de000000-0000-4000-8000-0000000000e1');
select public.add_generation_to_collection('de000000-0000-4000-8000-0000000000c1', 'de000000-0000-4000-8000-0000000000e2');
select public.add_generation_to_collection('de000000-0000-4000-8000-0000000000c2', 'de000000-0000-4000-8000-0000000000e3');

-- Leave the session as the CLI expects it (it records the seed after this file runs).
reset role;
select set_config('request.jwt.claims', '', false);
