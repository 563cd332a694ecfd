import { describe, expect, it } from 'vitest';
import { buildPresetsFile, planPresetsImport, type PresetRecord } from './presets-file';

const LAB = 'a0000000-0000-4000-8000-000000000001';
const preset: PresetRecord = { id: 'p1', name: 'Writer', connection_id: LAB, model_id: 'llama3.2:latest', temperature: 0.7, top_p: null, max_tokens: 512, context_length: 8192, system_prompt: 'Be brief.', keep_alive: '10m' };

describe('presets file', () => {
  it('round-trips: an export imported into an account with the same connection names recreates the presets', () => {
    const file = buildPresetsFile([preset], new Map([[LAB, 'Lab']]), new Date('2026-12-06T00:00:00Z'));
    expect(file.presets[0]).toEqual({ name: 'Writer', connection: 'Lab', model_id: 'llama3.2:latest', temperature: 0.7, top_p: null, max_tokens: 512, context_length: 8192, system_prompt: 'Be brief.', keep_alive: '10m' });
    const plan = planPresetsImport(JSON.stringify(file), [], new Map([['Lab', 'b0000000-0000-4000-8000-000000000002']]));
    const { id: _id, ...values } = preset;
    expect(plan).toMatchObject({ ok: true, toCreate: [{ values: { ...values, connection_id: 'b0000000-0000-4000-8000-000000000002' } }] });
  });

  it('gives each entry a result: created, already there, duplicate, invalid, and a note for a missing connection', () => {
    const text = JSON.stringify({
      format: 'switchboard-presets',
      version: 1,
      exported_at: '',
      presets: [{ name: 'New one', connection: 'Gone' }, { name: 'writer' }, { name: 'New one' }, { name: 'Hot', temperature: 5 }],
    });
    const plan = planPresetsImport(text, ['Writer'], new Map());
    if (!plan.ok) throw new Error(plan.message);
    expect(plan.lines.map((l) => l.status)).toEqual(['created', 'exists', 'duplicate', 'invalid']);
    expect(plan.lines[0]?.note).toMatch(/No connection named “Gone”/);
    expect(plan.lines[3]?.note).toMatch(/temperature: Temperature goes from 0 to 2/);
    expect(plan.toCreate.map((entry) => entry.values.name)).toEqual(['New one']);
  });

  it('refuses an entry with text the database cannot store, with the field and the reason, and imports the others', () => {
    const text = JSON.stringify({
      format: 'switchboard-presets',
      version: 1,
      exported_at: '',
      presets: [{ name: 'Fine' }, { name: 'Nul\u0000' }, { name: 'Prompted', system_prompt: 'Be \ud800brief' }, { name: 'Model', model_id: 'llama\u0000' }, { name: 'Also fine' }],
    });
    const plan = planPresetsImport(text, [], new Map());
    if (!plan.ok) throw new Error(plan.message);
    expect(plan.lines.map((l) => [l.name, l.status])).toEqual([
      ['Fine', 'created'],
      ['Nul\ufffd', 'invalid'],
      ['Prompted', 'invalid'],
      ['Model', 'invalid'],
      ['Also fine', 'created'],
    ]);
    expect(plan.lines[1]?.note).toBe('name: The name contains a NUL character (\\u0000), which cannot be stored. Delete it (it may be invisible), then try again.');
    expect(plan.lines[2]?.note).toMatch(/^system_prompt: The system prompt contains a broken Unicode character/);
    expect(plan.lines[3]?.note).toMatch(/^model_id: The model id contains a NUL character/);
    expect(plan.toCreate.map((entry) => entry.values.name)).toEqual(['Fine', 'Also fine']);
  });

  it.each([
    ['not JSON', '{', /not valid JSON/],
    ['another file', JSON.stringify({ format: 'switchboard-favorites' }), /not a Switchboard presets file/],
    ['a newer version', JSON.stringify({ format: 'switchboard-presets', version: 9, presets: [] }), /newer version/],
  ])('refuses %s with a sentence', (_name, text, message) => {
    expect(planPresetsImport(text, [], new Map())).toEqual({ ok: false, message: expect.stringMatching(message) });
  });
});
