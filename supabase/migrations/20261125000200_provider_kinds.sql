-- =============================================================================================
-- Provider kinds: the catalogue of connection kinds, as data.
--
-- Adding a provider that speaks an existing protocol is an INSERT here, not a code change: the
-- Edge Functions and the UI read base URL, paths, auth scheme and adapters from this table.
-- It is product data every deployment needs, so it is filled in the migration, not the seed.
-- =============================================================================================

create table public.provider_kinds (
  id text primary key,
  label text not null,
  category text not null,
  default_base_url text,
  models_path text,
  chat_path text,
  auth_scheme text not null,
  auth_header text,
  default_headers jsonb not null default '{}'::jsonb,
  key_required boolean not null,
  server_key_env text,
  discovery_adapter text not null,
  chat_adapter text not null,
  runtime_adapter text,
  sort_order smallint not null default 100,

  constraint provider_kinds_id_format check (id ~ '^[a-z][a-z0-9_]{1,39}$'),
  constraint provider_kinds_label_length check (char_length(label) between 1 and 60),
  constraint provider_kinds_category_known check (category in ('cloud', 'self_hosted')),
  constraint provider_kinds_default_base_url_http check (
    default_base_url ~ '^https?://[^/?#@[:space:]]+([/?#][^[:space:]]*)?$'
  ),
  constraint provider_kinds_models_path_format check (models_path ~ '^/[^[:space:]]*$'),
  constraint provider_kinds_chat_path_format check (chat_path ~ '^/[^[:space:]]*$'),
  constraint provider_kinds_auth_scheme_known check (auth_scheme in ('bearer', 'header', 'query', 'none')),
  -- 'header' sends the raw key in the named header, 'query' in the named query parameter.
  constraint provider_kinds_auth_header_needed check (
    (auth_scheme in ('header', 'query')) = (auth_header is not null)
  ),
  constraint provider_kinds_default_headers_object check (jsonb_typeof(default_headers) = 'object'),
  constraint provider_kinds_server_key_env_format check (server_key_env ~ '^[A-Z][A-Z0-9_]{1,63}$'),
  constraint provider_kinds_discovery_adapter_known check (
    discovery_adapter in ('openai', 'anthropic', 'openrouter', 'together', 'ollama', 'lmstudio')
  ),
  constraint provider_kinds_chat_adapter_known check (chat_adapter in ('openai', 'anthropic', 'ollama')),
  constraint provider_kinds_runtime_adapter_known check (runtime_adapter in ('ollama', 'lmstudio'))
);

comment on table public.provider_kinds is
  'Catalogue of connection kinds (OpenAI, Ollama, ...): endpoints, auth scheme and adapters as data. Read-only through the API; edit here (Studio or a migration) to add a provider that speaks a known protocol.';
comment on column public.provider_kinds.id is 'Stable identifier stored in connections.kind, e.g. openai, ollama, openai_compatible.';
comment on column public.provider_kinds.label is 'Name shown to people, e.g. "Google Gemini".';
comment on column public.provider_kinds.category is 'cloud (a hosted API, usually needs a key) or self_hosted (a server the user runs).';
comment on column public.provider_kinds.default_base_url is 'Base URL prefilled when creating a connection of this kind (scheme, host, optional port and prefix; no trailing slash). Null when the user must supply it.';
comment on column public.provider_kinds.models_path is 'Path appended to the base URL to list models (the health check and discovery request). Null for custom: the connection supplies it.';
comment on column public.provider_kinds.chat_path is 'Path appended to the base URL to run a prompt with the chat adapter.';
comment on column public.provider_kinds.auth_scheme is 'How the API key is sent: bearer (Authorization: Bearer), header (raw key in auth_header), query (key in the auth_header query parameter) or none.';
comment on column public.provider_kinds.auth_header is 'Header (or query parameter) name for the header/query schemes, e.g. x-api-key.';
comment on column public.provider_kinds.default_headers is 'Extra headers every request to this kind carries, e.g. {"anthropic-version": "2023-06-01"}.';
comment on column public.provider_kinds.key_required is 'True when requests fail without a key (cloud APIs). Self-hosted kinds send a key only if one is stored.';
comment on column public.provider_kinds.server_key_env is 'Edge Function secret that supplies a deployment-wide key when the user stored none (key source precedence: user key, then this, then none).';
comment on column public.provider_kinds.discovery_adapter is 'Parser for the model list response: openai ({data: [...]}), anthropic, openrouter (context length, pricing), together (bare array), ollama (/api/tags), lmstudio (/api/v0/models, loaded state).';
comment on column public.provider_kinds.chat_adapter is 'Protocol used to run prompts: openai (chat completions), anthropic (messages) or ollama (/api/chat).';
comment on column public.provider_kinds.runtime_adapter is 'Non-null when models can be loaded and unloaded on the server (ollama or lmstudio): enables the local runtime page.';
comment on column public.provider_kinds.sort_order is 'Display order in the "new connection" form (ascending).';

-- ---------------------------------------------------------------------------------------------
-- The lock: every signed-in user may read the catalogue; nobody writes it through the API
-- (service_role included: it is product data, changed by migrations).
-- ---------------------------------------------------------------------------------------------
alter table public.provider_kinds enable row level security;

revoke all on table public.provider_kinds from anon, authenticated, service_role;
grant select on table public.provider_kinds to authenticated, service_role;

create policy "Signed-in users can read provider kinds"
  on public.provider_kinds
  for select
  to authenticated
  using (true);

-- ---------------------------------------------------------------------------------------------
-- The catalogue. Base URLs hold scheme + host (+ API prefix where the provider needs one); paths
-- are what the product spec names for each provider.
-- ---------------------------------------------------------------------------------------------
insert into public.provider_kinds
  (id, label, category, default_base_url, models_path, chat_path, auth_scheme, auth_header,
   default_headers, key_required, server_key_env, discovery_adapter, chat_adapter, runtime_adapter, sort_order)
values
  ('openai', 'OpenAI', 'cloud', 'https://api.openai.com', '/v1/models', '/v1/chat/completions',
   'bearer', null, '{}', true, 'OPENAI_API_KEY', 'openai', 'openai', null, 10),
  ('anthropic', 'Anthropic', 'cloud', 'https://api.anthropic.com', '/v1/models', '/v1/messages',
   'header', 'x-api-key', '{"anthropic-version": "2023-06-01"}', true, 'ANTHROPIC_API_KEY', 'anthropic', 'anthropic', null, 20),
  ('openrouter', 'OpenRouter', 'cloud', 'https://openrouter.ai', '/api/v1/models', '/api/v1/chat/completions',
   'bearer', null, '{}', true, 'OPENROUTER_API_KEY', 'openrouter', 'openai', null, 30),
  ('requesty', 'Requesty', 'cloud', 'https://router.requesty.ai', '/v1/models', '/v1/chat/completions',
   'bearer', null, '{}', true, 'REQUESTY_API_KEY', 'openai', 'openai', null, 40),
  ('groq', 'Groq', 'cloud', 'https://api.groq.com', '/openai/v1/models', '/openai/v1/chat/completions',
   'bearer', null, '{}', true, 'GROQ_API_KEY', 'openai', 'openai', null, 50),
  ('mistral', 'Mistral', 'cloud', 'https://api.mistral.ai', '/v1/models', '/v1/chat/completions',
   'bearer', null, '{}', true, 'MISTRAL_API_KEY', 'openai', 'openai', null, 60),
  -- Gemini through Google's OpenAI-compatible surface: one auth scheme for listing and prompting.
  ('gemini', 'Google Gemini', 'cloud', 'https://generativelanguage.googleapis.com', '/v1beta/openai/models', '/v1beta/openai/chat/completions',
   'bearer', null, '{}', true, 'GEMINI_API_KEY', 'openai', 'openai', null, 70),
  ('together', 'Together AI', 'cloud', 'https://api.together.xyz', '/v1/models', '/v1/chat/completions',
   'bearer', null, '{}', true, 'TOGETHER_API_KEY', 'together', 'openai', null, 80),
  ('ollama', 'Ollama', 'self_hosted', 'http://localhost:11434', '/api/tags', '/api/chat',
   'bearer', null, '{}', false, null, 'ollama', 'ollama', 'ollama', 110),
  ('lmstudio', 'LM Studio', 'self_hosted', 'http://localhost:1234', '/api/v0/models', '/v1/chat/completions',
   'bearer', null, '{}', false, null, 'lmstudio', 'openai', 'lmstudio', 120),
  ('llamacpp', 'llama.cpp server', 'self_hosted', 'http://localhost:8080', '/v1/models', '/v1/chat/completions',
   'bearer', null, '{}', false, null, 'openai', 'openai', null, 130),
  ('vllm', 'vLLM', 'self_hosted', 'http://localhost:8000', '/v1/models', '/v1/chat/completions',
   'bearer', null, '{}', false, null, 'openai', 'openai', null, 140),
  ('openai_compatible', 'OpenAI-compatible server', 'self_hosted', null, '/v1/models', '/v1/chat/completions',
   'bearer', null, '{}', false, null, 'openai', 'openai', null, 150),
  -- Custom: the connection supplies the models path and, optionally, the header carrying the key.
  ('custom', 'Custom endpoint', 'self_hosted', null, null, '/v1/chat/completions',
   'bearer', null, '{}', false, null, 'openai', 'openai', null, 160);
