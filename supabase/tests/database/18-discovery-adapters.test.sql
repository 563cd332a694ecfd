-- provider_kinds.discovery_adapter: every parser the Edge Functions have, and the kinds that use
-- the gemini and custom ones (migration 20261125001500_discovery_adapters).
begin;
\ir _helpers.psql
select plan(5);

select results_eq(
  $$ select discovery_adapter from public.provider_kinds where id = 'custom' $$,
  array['custom'],
  'custom endpoints discover with the custom parser (arrays, {data}, {models}, string entries)'
);

select results_eq(
  $$ select models_path, auth_scheme, auth_header, discovery_adapter, default_base_url
       from public.provider_kinds where id = 'gemini' $$,
  $$ values ('/v1beta/models', 'header', 'x-goog-api-key', 'gemini', 'https://generativelanguage.googleapis.com') $$,
  'Gemini lists models through the native API, with the key in x-goog-api-key'
);

select is_empty(
  $$ select id from public.provider_kinds
      where discovery_adapter not in ('openai', 'anthropic', 'openrouter', 'together', 'gemini', 'ollama', 'lmstudio', 'custom') $$,
  'every kind names a parser the functions have'
);

-- As the migration role (the only writer of the catalogue): the check knows the new parsers.
select lives_ok(
  $$ insert into public.provider_kinds (id, label, category, auth_scheme, key_required, discovery_adapter, chat_adapter)
     values ('gemini_vertex', 'Gemini (test)', 'cloud', 'bearer', true, 'gemini', 'openai') $$,
  'a kind may use the gemini parser'
);
select throws_ok(
  $$ insert into public.provider_kinds (id, label, category, auth_scheme, key_required, discovery_adapter, chat_adapter)
     values ('soap', 'SOAP', 'cloud', 'bearer', true, 'soap', 'openai') $$,
  '23514', null,
  'an unknown parser is refused'
);

select * from finish();
rollback;
