import { describe, expect, it } from 'vitest';
import { catalogModel } from '../testing/model-testing';
import { buildFavoritesFile, parseFavoritesFile, planFavoritesImport, settleImport } from './favorites-file';

const LAB = 'a0000000-0000-4000-8000-000000000001';
const ROUTER = 'b0000000-0000-4000-8000-000000000002';
const catalog = [
  catalogModel({ connection_id: LAB, connection_name: 'Lab', connection_kind: 'ollama', model_id: 'llama3.1:8b', is_favorite: true, favorited_at: '2026-11-01T00:00:00Z' }),
  catalogModel({ connection_id: LAB, connection_name: 'Lab', connection_kind: 'ollama', model_id: 'qwen2.5:7b' }),
  catalogModel({ connection_id: ROUTER, connection_name: 'Router', connection_kind: 'openrouter', model_id: 'openai/gpt-4o' }),
];

function parsed(favorites: unknown[]) {
  const result = parseFavoritesFile(JSON.stringify({ format: 'switchboard-favorites', version: 1, exported_at: '2026-12-01T00:00:00Z', favorites }));
  if (!result.ok) throw new Error(result.message);
  return result;
}

describe('favorites file', () => {
  it('exports only starred models, by connection name and exact model id', () => {
    const file = buildFavoritesFile(catalog, new Date('2026-12-06T10:00:00Z'));
    expect(file).toEqual({
      format: 'switchboard-favorites',
      version: 1,
      exported_at: '2026-12-06T10:00:00.000Z',
      favorites: [{ connection: 'Lab', kind: 'ollama', model_id: 'llama3.1:8b', starred_at: '2026-11-01T00:00:00Z' }],
    });
  });

  it('round-trips: importing an export into an account with the same connections stars the same models', () => {
    const exported = buildFavoritesFile(catalog);
    const fresh = catalog.map((model) => ({ ...model, is_favorite: false }));
    const result = parseFavoritesFile(JSON.stringify(exported));
    if (!result.ok) throw new Error(result.message);
    expect(planFavoritesImport(result, fresh).toStar).toEqual([{ connection_id: LAB, model_id: 'llama3.1:8b' }]);
  });

  it.each([
    ['text that is not JSON', '{"favorites": [', /not valid JSON/],
    ['another kind of file', JSON.stringify({ format: 'switchboard-export', version: 1 }), /not a Switchboard favorites file/],
    ['a newer version', JSON.stringify({ format: 'switchboard-favorites', version: 2, exported_at: '', favorites: [] }), /newer version/],
    ['favorites that are not a list', JSON.stringify({ format: 'switchboard-favorites', version: 1, exported_at: '', favorites: {} }), /damaged/],
  ])('refuses %s with a sentence saying what to do', (_name, text, message) => {
    expect(parseFavoritesFile(text)).toEqual({ ok: false, message: expect.stringMatching(message) });
  });

  it('gives every entry its own result: starred, already, duplicate, unknown connection or model, invalid', () => {
    const plan = planFavoritesImport(
      parsed([
        { connection: 'Router', model_id: 'openai/gpt-4o' },
        { connection: 'Lab', model_id: 'llama3.1:8b' },
        { connection: 'Router', model_id: 'openai/gpt-4o' },
        { connection: 'Elsewhere', model_id: 'gpt-4o' },
        { connection: 'Lab', model_id: 'mistral:7b' },
        { model_id: 'no-connection' },
      ]),
      catalog,
    );
    expect(plan.toStar).toEqual([{ connection_id: ROUTER, model_id: 'openai/gpt-4o' }]);
    expect(plan.lines.map((line) => [line.index, line.status])).toEqual([
      [1, 'starred'],
      [2, 'already'],
      [3, 'duplicate'],
      [4, 'no-connection'],
      [5, 'no-model'],
      [6, 'invalid'],
    ]);
    expect(plan.lines[3]?.reason).toMatch(/no connection named “Elsewhere”/);
    expect(plan.lines[4]?.reason).toMatch(/never listed mistral:7b/);
    expect(plan.lines[5]?.reason).toMatch(/Entry 6 needs the connection’s name/);
  });

  it('reports a planned star the server did not add as already a favorite', () => {
    const plan = planFavoritesImport(parsed([{ connection: 'Router', model_id: 'openai/gpt-4o' }, { connection: 'Lab', model_id: 'qwen2.5:7b' }]), catalog);
    const lines = settleImport(plan, [{ connection_id: LAB, model_id: 'qwen2.5:7b' }], catalog);
    expect(lines.map((line) => line.status)).toEqual(['already', 'starred']);
  });
});
