-- =============================================================================================
-- Discovery adapters: the Edge Functions have two more model-list parsers than the catalogue
-- allowed (gemini, custom). Widen the check, and point the kinds that need them at them.
-- =============================================================================================

alter table public.provider_kinds
  drop constraint provider_kinds_discovery_adapter_known;
alter table public.provider_kinds
  add constraint provider_kinds_discovery_adapter_known check (
    discovery_adapter in ('openai', 'anthropic', 'openrouter', 'together', 'gemini', 'ollama', 'lmstudio', 'custom')
  );

comment on column public.provider_kinds.discovery_adapter is
  'Parser for the model list response: openai ({data: [...]}), anthropic (paginated), openrouter (context length, pricing), together (bare array), gemini (native /v1beta/models, paginated, context length and capabilities), ollama (/api/tags), lmstudio (/api/v0/models, loaded state) or custom (OpenAI-shaped, a bare array or {models: [...]}, entries as objects or strings).';

-- ---------------------------------------------------------------------------------------------
-- Custom endpoints answer in whatever shape their authors liked; the custom parser accepts the
-- common ones (the openai parser only {data: [...]}).
-- ---------------------------------------------------------------------------------------------
update public.provider_kinds
   set discovery_adapter = 'custom'
 where id = 'custom';

-- ---------------------------------------------------------------------------------------------
-- Gemini: list models through the native API (GET /v1beta/models on the same host as the default
-- base URL), which reports context length and capabilities; Google's OpenAI-compatible list gives
-- only ids. The native API takes an API key in x-goog-api-key (a Bearer header there means an
-- OAuth token), and Google accepts that header on every generativelanguage endpoint, the
-- OpenAI-compatible chat path included, so prompts keep chat_adapter openai and chat_path as is.
-- ---------------------------------------------------------------------------------------------
update public.provider_kinds
   set models_path = '/v1beta/models',
       auth_scheme = 'header',
       auth_header = 'x-goog-api-key',
       discovery_adapter = 'gemini'
 where id = 'gemini';
