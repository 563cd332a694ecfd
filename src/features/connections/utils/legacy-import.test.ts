import { describe, expect, it } from 'vitest';
import { legacyEntrySchema, parseLegacyText, planLegacyImport } from './legacy-import';

const kinds = [
  { id: 'openai', label: 'OpenAI', category: 'cloud', default_base_url: 'https://api.openai.com' },
  { id: 'openrouter', label: 'OpenRouter', category: 'cloud', default_base_url: 'https://openrouter.ai' },
  { id: 'ollama', label: 'Ollama', category: 'self_hosted', default_base_url: 'http://localhost:11434' },
  { id: 'lmstudio', label: 'LM Studio', category: 'self_hosted', default_base_url: 'http://localhost:1234' },
  { id: 'openai_compatible', label: 'OpenAI-compatible server', category: 'self_hosted', default_base_url: null },
];

describe('legacy entry schema', () => {
  it('accepts the shape older versions stored', () => {
    expect(legacyEntrySchema.safeParse({ name: 'Local', baseUrl: 'http://localhost:11434', isActive: true }).success).toBe(true);
    expect(legacyEntrySchema.safeParse({ name: 'OpenAI', baseUrl: 'https://api.openai.com/v1', apiKey: 'sk-1', isActive: false, availableModels: ['gpt-4o', { id: 'o3' }] }).success).toBe(
      true,
    );
  });

  it('says which field is wrong', () => {
    const missing = legacyEntrySchema.safeParse({ baseUrl: 'http://x' });
    expect(missing.success ? '' : missing.error.issues[0]?.message).toBe('It has no "name".');
    const wrongType = legacyEntrySchema.safeParse({ name: 'x', baseUrl: 'http://x', isActive: 'yes' });
    expect(wrongType.success ? '' : wrongType.error.issues[0]?.message).toBe('"isActive" must be true or false.');
    const models = legacyEntrySchema.safeParse({ name: 'x', baseUrl: 'http://x', availableModels: 'gpt-4o' });
    expect(models.success ? '' : models.error.issues[0]?.message).toBe('"availableModels" must be a list of model names.');
  });
});

describe('parseLegacyText', () => {
  const array = [{ name: 'Local', baseUrl: 'http://localhost:11434', isActive: true }];

  it('reads the array, the array as a quoted JSON string, or an object keyed by the storage key', () => {
    expect(parseLegacyText(JSON.stringify(array))).toEqual({ ok: true, entries: array });
    expect(parseLegacyText(JSON.stringify(JSON.stringify(array)))).toEqual({ ok: true, entries: array });
    expect(parseLegacyText(JSON.stringify({ 'local-openai-models': JSON.stringify(array) }))).toEqual({ ok: true, entries: array });
  });

  it('explains what is wrong with anything else', () => {
    expect(parseLegacyText('')).toEqual({ ok: false, message: 'Paste the configuration, or choose the file that holds it.' });
    expect(parseLegacyText('[{')).toMatchObject({ ok: false, message: expect.stringContaining('not valid JSON') });
    expect(parseLegacyText('{"a": 1}')).toMatchObject({ ok: false, message: expect.stringContaining('Expected a list of connections') });
    expect(parseLegacyText('[]')).toEqual({ ok: false, message: 'The list is empty: there is nothing to import.' });
  });
});

describe('planLegacyImport', () => {
  it('creates, skips and rejects entry by entry, with reasons', () => {
    const plan = planLegacyImport(
      [
        { name: 'Local Ollama', baseUrl: 'http://localhost:11434/', isActive: true, availableModels: ['llama3.2:latest', 'llama3.2:latest', { name: 'qwen2.5:7b' }] },
        { name: 'OpenAI', baseUrl: 'https://api.openai.com/v1', apiKey: ' sk-abc ', isActive: false },
        { name: 'Router', baseUrl: 'https://openrouter.ai/api/v1', apiKey: '' },
        { name: 'LM', baseUrl: 'http://192.168.1.5:1234/v1', isActive: true },
        { name: 'Work', baseUrl: 'http://gpu.example.com:8000/v1', isActive: true },
        { name: 'existing one', baseUrl: 'http://localhost:8080', isActive: true },
        { name: 'local ollama', baseUrl: 'http://localhost:11434', isActive: true },
        { name: 'No URL', isActive: true },
        { name: 'Bad URL', baseUrl: 'localhost:11434', isActive: true },
        'not an object',
        { name: '   ', baseUrl: 'http://x:1', isActive: true },
      ],
      ['Existing One'],
      kinds,
    );
    expect(plan.map((p) => [p.label, p.outcome])).toEqual([
      ['Local Ollama', 'create'],
      ['OpenAI', 'create'],
      ['Router', 'create'],
      ['LM', 'create'],
      ['Work', 'create'],
      ['existing one', 'skipped'],
      ['local ollama', 'skipped'],
      ['No URL', 'rejected'],
      ['Bad URL', 'rejected'],
      ['Entry 10', 'rejected'],
      ['Entry 11', 'rejected'],
    ]);
    const [ollama, openai, router, lmstudio, work, dup, dupInFile, noUrl, badUrl, notObject, blank] = plan;
    expect(ollama).toMatchObject({
      connection: { name: 'Local Ollama', kind: 'ollama', base_url: 'http://localhost:11434', enabled: true, probe_from: 'browser' },
      apiKey: null,
      models: [{ model_id: 'llama3.2:latest' }, { model_id: 'qwen2.5:7b' }],
    });
    expect(openai).toMatchObject({ connection: { kind: 'openai', base_url: 'https://api.openai.com/v1', enabled: false, probe_from: 'server' }, apiKey: 'sk-abc' });
    expect(router).toMatchObject({ connection: { kind: 'openrouter', enabled: true }, apiKey: null });
    expect(lmstudio).toMatchObject({ connection: { kind: 'lmstudio', probe_from: 'browser' } });
    expect(work).toMatchObject({ connection: { kind: 'openai_compatible', probe_from: 'server' } });
    expect(dup).toMatchObject({ reason: 'You already have a connection named “existing one”.' });
    expect(dupInFile).toMatchObject({ reason: 'An earlier entry in this file is also named “local ollama”.' });
    expect(noUrl).toMatchObject({ reason: 'It has no "baseUrl".' });
    expect(badUrl).toMatchObject({ reason: expect.stringContaining('is not usable: start the address with http://') });
    expect(notObject).toMatchObject({ reason: 'It is not a connection (an object with a name and a baseUrl).' });
    expect(blank).toMatchObject({ reason: 'Give the connection a name, like "Home Ollama".' });
  });

  it('rejects entries with text the database cannot store or a metadata address, and lets the others through', () => {
    const plan = planLegacyImport(
      [
        { name: 'Fine', baseUrl: 'http://localhost:11434', isActive: true },
        { name: 'Null\u0000name', baseUrl: 'http://localhost:11435', isActive: true },
        { name: 'Bad model', baseUrl: 'http://localhost:11436', availableModels: ['ok', { id: 'half\ud800' }] },
        { name: 'Metadata', baseUrl: 'http://0xa9fea9fe/v1', isActive: true },
        { name: 'Google', baseUrl: 'http://METADATA.google.internal./', isActive: true },
        { name: 'Also fine', baseUrl: 'http://localhost:1234', isActive: true },
      ],
      [],
      kinds,
    );
    expect(plan.map((p) => [p.label, p.outcome])).toEqual([
      ['Fine', 'create'],
      ['Null\ufffdname', 'rejected'],
      ['Bad model', 'rejected'],
      ['Metadata', 'rejected'],
      ['Google', 'rejected'],
      ['Also fine', 'create'],
    ]);
    expect(plan[1]).toMatchObject({ reason: 'Its “name” contains a NUL character (\\u0000), which cannot be stored.' });
    expect(plan[2]).toMatchObject({ reason: 'Its “availableModels[1].id” contains a broken Unicode character (a lone UTF-16 surrogate), which cannot be stored.' });
    expect(plan[3]).toMatchObject({
      reason:
        'Its base URL “http://0xa9fea9fe/v1” is not usable: 0xa9fea9fe (169.254.169.254) is a cloud metadata address: it hands out the credentials of the machine it runs on, so Switchboard never connects to it. Enter the address of your model server instead.',
    });
    expect(plan[4]).toMatchObject({ reason: expect.stringContaining('metadata.google.internal. is a cloud metadata address') });
  });
});
