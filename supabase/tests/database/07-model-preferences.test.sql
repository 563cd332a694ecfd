-- Model preferences: one read, atomic validated saves, a revision that catches edits from
-- another device, and a preference_revisions table nobody can write.
begin;
\ir _helpers.psql
\ir _fixtures.psql
select plan(37);

select tests.authenticate_as('alice');

-- ---------------------------------------------------------------------------------------------
-- Reading.
-- ---------------------------------------------------------------------------------------------
select is(
  public.get_model_preferences() - 'updated_at',
  '{"revision": 0, "models": [
     {"connection_id": "aaaaaaaa-0000-4000-8000-000000000001", "model_id": "llama3.1:8b", "enabled": true},
     {"connection_id": "aaaaaaaa-0000-4000-8000-000000000001", "model_id": "qwen2.5:7b", "enabled": true}]}'::jsonb,
  'one call returns the revision (0 before any change) and every enabled flag of alice''s models only'
);

-- ---------------------------------------------------------------------------------------------
-- Saving.
-- ---------------------------------------------------------------------------------------------
select is(
  public.save_model_preferences(0, '[{"connection_id": "aaaaaaaa-0000-4000-8000-000000000001", "model_id": "qwen2.5:7b", "enabled": false}]') - 'updated_at',
  '{"revision": 1, "changed": 1}'::jsonb,
  'a save at the current revision applies and returns the new revision'
);
select is(
  (select enabled from public.models where model_id = 'qwen2.5:7b'), false,
  'the flag is stored'
);
select is(
  (public.get_model_preferences() ->> 'revision')::bigint, 1::bigint,
  'get_model_preferences reports the new revision'
);
select ok(
  (public.get_model_preferences() ->> 'updated_at') is not null,
  'and when the preferences last changed'
);

-- A stale revision (another device saved in between) is refused with a clear error.
select throws_ok(
  $$ select public.save_model_preferences(0, '[{"connection_id": "aaaaaaaa-0000-4000-8000-000000000001", "model_id": "llama3.1:8b", "enabled": false}]') $$,
  'PT409',
  'Your model preferences were changed on another device or tab (now revision 1, you had 0). Reload them and apply your change again.',
  'a stale revision is refused (HTTP 409) with a sentence naming both revisions'
);
select is(
  (tests.error_of($$ select public.save_model_preferences(0, '[]') $$) ->> 'detail')::jsonb,
  '{"current_revision": 1, "expected_revision": 0}'::jsonb,
  'the stale-revision error carries the current revision as JSON in its detail'
);
select is(
  tests.error_of($$ select public.save_model_preferences(5, '[]') $$) ->> 'hint',
  'Call get_model_preferences() for the current state and revision.',
  'and a hint on how to recover'
);
select is(
  (select enabled from public.models where model_id = 'llama3.1:8b'), true,
  'nothing from the stale save was applied'
);

-- All or nothing: one unknown model rejects the whole batch.
select throws_ok(
  $$ select public.save_model_preferences(1, '[
       {"connection_id": "aaaaaaaa-0000-4000-8000-000000000001", "model_id": "llama3.1:8b", "enabled": false},
       {"connection_id": "aaaaaaaa-0000-4000-8000-000000000001", "model_id": "gone-model", "enabled": false}]') $$,
  'PT404',
  '1 of the models in this save no longer exist (for example "gone-model"), so nothing was saved. Reload your models and try again.',
  'a save naming an unknown model is refused (HTTP 404)'
);
select is(
  (tests.error_of($$ select public.save_model_preferences(1, '[{"connection_id": "aaaaaaaa-0000-4000-8000-000000000001", "model_id": "gone-model", "enabled": false}]') $$) ->> 'detail')::jsonb,
  '{"missing": [{"connection_id": "aaaaaaaa-0000-4000-8000-000000000001", "model_id": "gone-model"}]}'::jsonb,
  'the error lists the unknown models'
);
select results_eq(
  $$ select (select enabled from public.models where model_id = 'llama3.1:8b'),
            (public.get_model_preferences() ->> 'revision')::bigint $$,
  $$ values (true, 1::bigint) $$,
  'nothing from the rejected batch was applied and the revision did not move'
);

-- Validation.
select throws_ok(
  $$ select public.save_model_preferences(1, '{"llama3.1:8b": false}') $$,
  '22023', 'changes must be a JSON array of {"connection_id", "model_id", "enabled"} objects.',
  'changes must be an array'
);
select throws_ok(
  $$ select public.save_model_preferences(1, '[{"connection_id": "aaaaaaaa-0000-4000-8000-000000000001", "model_id": "llama3.1:8b", "enabled": "no"}]') $$,
  '22023', 'changes[0] is not valid: each change needs a "connection_id" (uuid), a "model_id" (non-empty string) and "enabled" (true or false).',
  'enabled must be a boolean, and the error names the bad entry'
);
select throws_ok(
  $$ select public.save_model_preferences(1, '[{"connection_id": "aaaaaaaa-0000-4000-8000-000000000001", "model_id": "llama3.1:8b", "enabled": true},
                                               {"connection_id": "not-a-uuid", "model_id": "x", "enabled": true}]') $$,
  '22023', 'changes[1] is not valid: each change needs a "connection_id" (uuid), a "model_id" (non-empty string) and "enabled" (true or false).',
  'connection_id must be a uuid'
);
select throws_ok(
  $$ select public.save_model_preferences(1, '[{"connection_id": "aaaaaaaa-0000-4000-8000-000000000001", "model_id": "llama3.1:8b", "enabled": true},
                                               {"connection_id": "aaaaaaaa-0000-4000-8000-000000000001", "model_id": "llama3.1:8b", "enabled": false}]') $$,
  '22023', 'changes lists the model "llama3.1:8b" more than once; send one change per model.',
  'a model listed twice is refused rather than guessed'
);
select throws_ok(
  $$ select public.save_model_preferences(null, '[]') $$,
  '22023', 'expected_revision is required: pass the revision you last read from get_model_preferences().',
  'expected_revision is required'
);

-- No-op saves do not move the revision; bulk saves move it once.
select is(
  public.save_model_preferences(1, '[{"connection_id": "aaaaaaaa-0000-4000-8000-000000000001", "model_id": "qwen2.5:7b", "enabled": false}]') - 'updated_at',
  '{"revision": 1, "changed": 0}'::jsonb,
  'saving values that are already stored changes nothing and keeps the revision'
);
select is(
  public.save_model_preferences(1, '[
    {"connection_id": "aaaaaaaa-0000-4000-8000-000000000001", "model_id": "llama3.1:8b", "enabled": false},
    {"connection_id": "aaaaaaaa-0000-4000-8000-000000000001", "model_id": "qwen2.5:7b", "enabled": true}]') - 'updated_at',
  '{"revision": 2, "changed": 2}'::jsonb,
  'a bulk save ("all", "none", "only favorites") is one revision step'
);

-- Every path that flips a flag moves the revision, so other devices notice.
update public.models set enabled = true where model_id = 'llama3.1:8b';
select is(
  (public.get_model_preferences() ->> 'revision')::bigint, 3::bigint,
  'a direct update of models.enabled also moves the revision'
);
update public.models set runtime_status = 'running' where model_id = 'llama3.1:8b';
select is(
  (public.get_model_preferences() ->> 'revision')::bigint, 3::bigint,
  'other model updates (runtime status) do not'
);

-- preference_revisions is readable, never writable.
select results_eq(
  $$ select owner_id, revision from public.preference_revisions $$,
  format($$ values (%L::uuid, 3::bigint) $$, tests.user_id('alice')),
  'alice reads her revision row'
);
select throws_ok($$ update public.preference_revisions set revision = 0 $$, '42501',
  'permission denied for table preference_revisions', 'alice cannot rewind her revision');
select throws_ok($$ insert into public.preference_revisions (owner_id, revision) values (auth.uid(), 99) $$, '42501',
  'permission denied for table preference_revisions', 'alice cannot insert a revision');
select throws_ok($$ delete from public.preference_revisions $$, '42501',
  'permission denied for table preference_revisions', 'alice cannot delete her revision');

-- ---------------------------------------------------------------------------------------------
-- Another signed-in user.
-- ---------------------------------------------------------------------------------------------
select tests.authenticate_as('bob');

select is(
  public.get_model_preferences() - 'updated_at',
  '{"revision": 0, "models": [
     {"connection_id": "bbbbbbbb-0000-4000-8000-000000000001", "model_id": "gpt-4o", "enabled": true},
     {"connection_id": "bbbbbbbb-0000-4000-8000-000000000001", "model_id": "gpt-4o-mini", "enabled": true}]}'::jsonb,
  'bob reads only his own preferences and revision'
);
select throws_ok(
  $$ select public.save_model_preferences(0, '[{"connection_id": "aaaaaaaa-0000-4000-8000-000000000001", "model_id": "qwen2.5:7b", "enabled": false}]') $$,
  'PT404', '1 of the models in this save no longer exist (for example "qwen2.5:7b"), so nothing was saved. Reload your models and try again.',
  'bob cannot change alice''s preferences: her models do not exist for him'
);
select is_empty($$ select 1 from public.preference_revisions $$, 'bob sees no revision row of alice''s');
select is(
  tests.affected_rows($$ update public.models set enabled = false where owner_id <> auth.uid() $$),
  0::bigint, 'bob''s direct update of other users'' flags matches nothing'
);

reset role;
select tests.reset_claims();
select results_eq(
  $$ select m.model_id, m.enabled, r.revision from public.models m
       join public.preference_revisions r on r.owner_id = m.owner_id
      where m.owner_id = tests.user_id('alice') order by m.model_id $$,
  $$ values ('llama3.1:8b'::text, true, 3::bigint), ('qwen2.5:7b', true, 3) $$,
  'alice''s flags and revision are untouched by bob'
);
select is(
  (select count(*) from public.preference_revisions where owner_id = tests.user_id('bob')), 0::bigint,
  'bob''s failed attempts created no revision for him'
);

-- ---------------------------------------------------------------------------------------------
-- Anonymous.
-- ---------------------------------------------------------------------------------------------
select tests.clear_authentication();
select throws_ok($$ select public.get_model_preferences() $$, '42501',
  'permission denied for function get_model_preferences', 'anon cannot read preferences');
select throws_ok($$ select public.save_model_preferences(0, '[]') $$, '42501',
  'permission denied for function save_model_preferences', 'anon cannot save preferences');
select throws_ok($$ select revision from public.preference_revisions $$, '42501',
  'permission denied for table preference_revisions', 'anon cannot read revisions');
select throws_ok($$ insert into public.preference_revisions (owner_id) values (gen_random_uuid()) $$, '42501',
  'permission denied for table preference_revisions', 'anon cannot insert revisions');
select throws_ok($$ update public.preference_revisions set revision = 0 $$, '42501',
  'permission denied for table preference_revisions', 'anon cannot update revisions');
select throws_ok($$ delete from public.preference_revisions $$, '42501',
  'permission denied for table preference_revisions', 'anon cannot delete revisions');

select * from finish();
rollback;
