import { describe, expect, it } from 'vitest';
import { catalogModel } from '../testing/model-testing';
import { parseFavoritesFile, planFavoritesImport } from './favorites-file';

const LAB = 'a0000000-0000-4000-8000-000000000001';
const catalog = [
  catalogModel({ connection_id: LAB, connection_name: 'Lab', connection_kind: 'ollama', model_id: 'llama3.1:8b' }),
  catalogModel({ connection_id: LAB, connection_name: 'Lab', connection_kind: 'ollama', model_id: 'qwen2.5:7b' }),
];

describe('favorites file with text the database cannot store', () => {
  it('reports the bad entry with its field and reason, and stars the others', () => {
    const text = JSON.stringify({
      format: 'switchboard-favorites',
      version: 1,
      exported_at: '2026-12-01T00:00:00Z',
      favorites: [
        { connection: 'Lab', model_id: 'llama3.1:8b' },
        { connection: 'Lab', model_id: 'qwen2.5:7b\u0000' },
        { connection: 'L\ud800ab', model_id: 'qwen2.5:7b' },
        { connection: 'Lab', model_id: 'qwen2.5:7b' },
      ],
    });
    const parsed = parseFavoritesFile(text);
    if (!parsed.ok) throw new Error(parsed.message);
    const plan = planFavoritesImport(parsed, catalog);
    expect(plan.lines.map((line) => [line.index, line.status])).toEqual([
      [1, 'starred'],
      [2, 'invalid'],
      [3, 'invalid'],
      [4, 'starred'],
    ]);
    expect(plan.lines[1]?.reason).toBe('Entry 2 has a “model_id” that contains a NUL character (\\u0000), which cannot be stored.');
    expect(plan.lines[2]?.reason).toBe('Entry 3 has a “connection” that contains a broken Unicode character (a lone UTF-16 surrogate), which cannot be stored.');
    expect(plan.toStar).toEqual([
      { connection_id: LAB, model_id: 'llama3.1:8b' },
      { connection_id: LAB, model_id: 'qwen2.5:7b' },
    ]);
  });
});
