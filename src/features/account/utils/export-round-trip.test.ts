import { describe, expect, it } from 'vitest';
import type { Tables } from '@/lib/database.types';
import { buildExport, type AccountRows } from './build-export';
import { exportFileSchema, parseExportText, type ExportFile } from './export-schema';
import { generationFingerprint, planImport, planSize, type ExistingAccount, type ImportPlan } from './plan-import';

const OWNER = '00000000-0000-4000-8000-000000000001';
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const T = '2026-11-20T10:00:00.000+00:00';

function connection(n: number, name: string, extra: Partial<Tables<'connections'>> = {}): Tables<'connections'> {
  return {
    id: uuid(n), owner_id: OWNER, kind: 'ollama', name, base_url: 'http://localhost:11434', models_path: null, auth_header: null, enabled: true, probe_from: 'browser',
    health_status: 'healthy', health_latency_ms: 12, health_error: null, health_error_code: null, health_checked_at: T, model_count: 2, models_refreshed_at: T,
    last_used_at: null, request_count: 0, created_at: `2026-11-20T10:00:0${n % 10}.000+00:00`, updated_at: T, ...extra,
  };
}

function model(connectionId: string, modelId: string, extra: Partial<Tables<'models'>> = {}): Tables<'models'> {
  return {
    owner_id: OWNER, connection_id: connectionId, model_id: modelId, display_name: null, context_length: 8192, capabilities: ['chat'], prompt_price_per_mtok: null,
    completion_price_per_mtok: null, size_bytes: 4_000_000_000, family: 'llama', quantization: 'Q4_K_M', parameter_size: '8B', details: { digest: 'abc' },
    available: true, first_seen_at: T, last_seen_at: T, enabled: true, runtime_status: 'idle', runtime_status_at: null, runtime_error: null,
    runtime_memory_bytes: null, runtime_expires_at: null, last_used_at: null, request_count: 0, ...extra,
  };
}

function generation(n: number, extra: Partial<Tables<'generations'>> = {}): Tables<'generations'> {
  return {
    id: uuid(n), owner_id: OWNER, connection_id: uuid(1), connection_name: 'Home', connection_kind: 'ollama', preset_id: uuid(30), model_id: 'llama3.2:latest',
    prompt: `Prompt ${n}`, system_prompt: null, output: `Output ${n}`, parameters: { temperature: 0.7 }, prompt_tokens: 5, completion_tokens: 9, latency_ms: 800,
    first_token_ms: 120, status: 'completed', error: null, created_at: `2026-11-21T10:00:0${n % 10}.000+00:00`, finished_at: `2026-11-21T10:00:0${n % 10}.900+00:00`, ...extra,
  };
}

const rows: AccountRows = {
  connections: [connection(1, 'Home'), connection(2, 'OpenAI', { kind: 'openai', base_url: 'https://api.openai.com', probe_from: 'server', enabled: false })],
  models: [
    model(uuid(1), 'llama3.2:latest'),
    model(uuid(1), 'old-model', { available: false, enabled: false }),
    model(uuid(2), 'gpt-4o', { display_name: 'GPT-4o', prompt_price_per_mtok: 2.5, completion_price_per_mtok: 10, size_bytes: null, details: {} }),
  ],
  favoriteModels: [{ connection_id: uuid(1), model_id: 'old-model' }, { connection_id: uuid(2), model_id: 'gpt-4o' }],
  presets: [
    { id: uuid(30), owner_id: OWNER, name: 'Precise', connection_id: uuid(1), model_id: 'llama3.2:latest', temperature: 0.2, top_p: 0.9, max_tokens: 512, context_length: 8192, system_prompt: 'Be brief.', keep_alive: '5m', created_at: T, updated_at: T },
  ],
  generations: [generation(40), generation(41, { connection_id: null, preset_id: null, status: 'error', error: 'Timed out', output: '' })],
  generationFavorites: [{ generation_id: uuid(41) }],
  collections: [{ id: uuid(50), owner_id: OWNER, title: 'Keepers', description: 'The good ones', item_count: 2, last_added_at: '2026-11-22T00:00:00Z', created_at: T, updated_at: T }],
  collectionItems: [{ collection_id: uuid(50), generation_id: uuid(41), added_at: T }, { collection_id: uuid(50), generation_id: uuid(40), added_at: '2026-11-22T00:00:00Z' }],
};

const EMPTY: ExistingAccount = { connections: [], presets: [], collections: [], generations: new Map() };

function idGenerator(start = 1000) {
  let n = start;
  return () => uuid(n++);
}

/** What the database would hold after carrying out the plan (as a freshly imported account). */
function applyPlan(plan: ImportPlan): AccountRows {
  const connections = plan.connections.map((c) => connection(0, c.name, { ...c, id: c.id!, created_at: `2026-12-01T00:00:0${plan.connections.indexOf(c)}.000+00:00` }));
  return {
    connections,
    models: plan.models.map((m) => model(m.connection_id, m.model_id, { ...m, details: m.details ?? {} } as Partial<Tables<'models'>>)),
    favoriteModels: plan.favoriteModels.map((f) => ({ connection_id: f.connection_id, model_id: f.model_id })),
    presets: plan.presets.map((p, i) => ({ ...rows.presets[0]!, ...p, id: p.id!, created_at: `2026-12-01T00:00:0${i}Z` }) as Tables<'model_presets'>),
    generations: plan.generations.map((g, i) => ({ ...generation(0), ...g, id: g.id!, created_at: `2026-12-01T00:00:0${i}Z` }) as Tables<'generations'>),
    generationFavorites: plan.generationFavorites.map((f) => ({ generation_id: f.generation_id })),
    collections: plan.collections.map((c, i) => ({ ...rows.collections[0]!, ...c, id: c.id!, description: c.description ?? null, created_at: `2026-12-01T00:00:0${i}Z` })),
    collectionItems: plan.collectionItems.map((item, i) => ({ ...item, added_at: `2026-12-01T00:00:0${i}Z` })),
  };
}

/** The export without what an import cannot (and need not) keep: ids, timestamps. */
function comparable(file: ExportFile) {
  const connectionNames = new Map(file.connections.map((c) => [c.id, c.name]));
  const presetNames = new Map(file.presets.map((p) => [p.id, p.name]));
  const prompts = new Map(file.generations.map((g) => [g.id, g.prompt]));
  return {
    connections: file.connections.map(({ id: _id, created_at: _c, ...rest }) => rest),
    presets: file.presets.map(({ id: _id, connection_id, ...rest }) => ({ ...rest, connection: connection_id ? connectionNames.get(connection_id) : null })),
    generations: file.generations.map(({ id: _id, created_at: _c, finished_at: _f, connection_id, preset_id, ...rest }) => ({
      ...rest,
      connection: connection_id ? connectionNames.get(connection_id) : null,
      preset: preset_id ? presetNames.get(preset_id) : null,
    })),
    collections: file.collections.map(({ id: _id, created_at: _c, generation_ids, ...rest }) => ({ ...rest, prompts: generation_ids.map((g) => prompts.get(g)) })),
  };
}

describe('account export', () => {
  const file = buildExport(rows, new Date('2026-11-25T12:00:00Z'));

  it('is a valid switchboard-export v1 file with nothing secret in it', () => {
    expect(exportFileSchema.parse(JSON.parse(JSON.stringify(file)))).toEqual(file);
    expect(file).toMatchObject({ format: 'switchboard-export', version: 1, exported_at: '2026-11-25T12:00:00.000Z' });
    const text = JSON.stringify(file);
    expect(text).not.toMatch(/api_key|ciphertext|hint|owner_id/);
    expect(file.connections[0]?.models.find((m) => m.model_id === 'old-model')).toMatchObject({ available: false, enabled: false, favorite: true });
    expect(file.generations.find((g) => g.id === uuid(41))?.favorite).toBe(true);
    expect(file.collections[0]?.generation_ids).toEqual([uuid(41), uuid(40)]);
  });

  it('round-trips: importing the file into an empty account and exporting again gives the same data, with new ids', () => {
    const plan = planImport(file, EMPTY, idGenerator());
    expect(plan.skipped).toEqual([]);
    expect(planSize(plan)).toBe(2 + 3 + 2 + 1 + 2 + 1 + 1 + 2);
    const again = buildExport(applyPlan(plan), new Date('2026-12-01T00:00:00Z'));
    expect(comparable(again)).toEqual(comparable(file));
    const oldIds = new Set([...file.connections.map((c) => c.id), ...file.generations.map((g) => g.id)]);
    expect(again.connections.every((c) => !oldIds.has(c.id))).toBe(true);
    expect(again.generations.every((g) => !oldIds.has(g.id))).toBe(true);
  });

  it('skips taken names and reports them, pointing references at what the account already has', () => {
    const existing: ExistingAccount = {
      connections: [{ id: uuid(900), name: 'home' }],
      presets: [{ id: uuid(901), name: 'PRECISE' }],
      collections: [{ id: uuid(902), title: 'Keepers' }],
      generations: new Map([[generationFingerprint(file.generations[0]!), uuid(903)]]),
    };
    const plan = planImport(file, existing, idGenerator());
    expect(plan.skipped.map((s) => [s.kind, s.name])).toEqual([
      ['connection', 'Home'],
      ['preset', 'Precise'],
      ['collection', 'Keepers'],
    ]);
    expect(plan.connections.map((c) => c.name)).toEqual(['OpenAI']);
    expect(plan.models.map((m) => m.model_id)).toEqual(['gpt-4o']);
    expect(plan.presets).toEqual([]);
    expect(plan.duplicateGenerations).toBe(1);
    expect(plan.generations).toHaveLength(1);
    expect(plan.collections).toEqual([]);
    expect(plan.collectionItems).toEqual([]);
  });

  it('rejects entries the database would refuse, with the reason, and imports everything else', () => {
    const tampered = buildExport(
      {
        ...rows,
        connections: [
          ...rows.connections,
          connection(3, 'Cloud box', { base_url: 'http://0xa9fea9fe/v1' }),
          connection(4, 'Null\u0000name'),
          connection(5, 'Metadata name', { kind: 'openai', base_url: 'http://METADATA.google.internal.' }),
        ],
        presets: [...rows.presets, { ...rows.presets[0]!, id: uuid(31), name: 'Prompted', system_prompt: 'Be \ud800brief.' }],
        generations: [...rows.generations, generation(42, { prompt: 'Tell me\u0000 a story about a very, very long journey home' })],
        collections: [...rows.collections, { ...rows.collections[0]!, id: uuid(51), title: 'Half \udc00' }],
        collectionItems: [...rows.collectionItems, { collection_id: uuid(50), generation_id: uuid(42), added_at: T }],
      },
      new Date('2026-11-25T12:00:00Z'),
    );
    const plan = planImport(JSON.parse(JSON.stringify(tampered)), EMPTY, idGenerator());
    expect(plan.rejected).toEqual([
      {
        kind: 'connection',
        name: 'Cloud box',
        reason:
          'its base URL “http://0xa9fea9fe/v1” is not usable: 0xa9fea9fe (169.254.169.254) is a cloud metadata address: it hands out the credentials of the machine it runs on, so Switchboard never connects to it. Enter the address of your model server instead.',
      },
      { kind: 'connection', name: 'Null\ufffdname', reason: 'its “name” contains a NUL character (\\u0000), which cannot be stored.' },
      { kind: 'connection', name: 'Metadata name', reason: expect.stringContaining('metadata.google.internal. is a cloud metadata address') },
      { kind: 'preset', name: 'Prompted', reason: 'its “system_prompt” contains a broken Unicode character (a lone UTF-16 surrogate), which cannot be stored.' },
      { kind: 'generation', name: 'Tell me\ufffd a story about a very, very long…', reason: 'its “prompt” contains a NUL character (\\u0000), which cannot be stored.' },
      { kind: 'collection', name: 'Half \ufffd', reason: 'its “title” contains a broken Unicode character (a lone UTF-16 surrogate), which cannot be stored.' },
    ]);
    // Everything else goes in, as from the untampered file.
    expect(plan.connections.map((c) => c.name)).toEqual(['Home', 'OpenAI']);
    expect(plan.presets.map((p) => p.name)).toEqual(['Precise']);
    expect(plan.generations.map((g) => g.prompt)).toEqual(['Prompt 40', 'Prompt 41']);
    expect(plan.collections.map((c) => c.title)).toEqual(['Keepers']);
    expect(plan.collectionItems).toHaveLength(2);
  });

  it('rewires presets and generations to the new ids', () => {
    const plan = planImport(file, EMPTY, idGenerator());
    const home = plan.connections.find((c) => c.name === 'Home')!;
    expect(plan.presets[0]?.connection_id).toBe(home.id);
    const restored = plan.generations.find((g) => g.prompt === 'Prompt 40')!;
    expect(restored).toMatchObject({ connection_id: home.id, preset_id: plan.presets[0]?.id, finished_at: null });
    expect(plan.collectionItems.map((i) => i.generation_id)).toContain(restored.id);
  });
});

describe('parseExportText', () => {
  it('explains wrong files', () => {
    expect(parseExportText('nope')).toEqual({ ok: false, message: 'This file is not valid JSON. Choose a file made by “Export my data”.' });
    expect(parseExportText('[{"name":"x","baseUrl":"y"}]')).toEqual({ ok: false, message: 'This is not a Switchboard export file. Choose a file made by “Export my data”.' });
    expect(parseExportText(JSON.stringify({ ...buildExport(rows), version: 2 }))).toEqual({
      ok: false,
      message: 'This export was made by a newer version of Switchboard. Update this server, then import it.',
    });
    const broken = buildExport(rows) as unknown as { connections: Array<{ name: unknown }> };
    broken.connections[0]!.name = 5;
    expect(parseExportText(JSON.stringify(broken))).toMatchObject({ ok: false, message: expect.stringContaining('connections[0].name is not valid') });
  });
});
