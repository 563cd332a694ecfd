import { describe, expect, it } from 'vitest';
import { buildSearchKey, createSearchIndex, modelSearchKey, normalizeSearchText, parseSearchQuery } from './search';

const models = [
  { model_id: 'gpt-4o', display_name: 'GPT-4o', connection_name: 'OpenAI' },
  { model_id: 'gpt-4o-mini', display_name: null, connection_name: 'OpenAI' },
  { model_id: 'llama3.1:8b', display_name: null, connection_name: 'Home Ollama' },
  { model_id: 'claude-3-5-sonnet-20241022', display_name: 'Claude 3.5 Sonnet', connection_name: 'Anthropic' },
  { model_id: 'openai/gpt-4o', display_name: 'OpenAI: GPT-4o', connection_name: 'OpenRouter' },
  { model_id: 'mistral-large', display_name: 'Mistral Large', connection_name: 'Mistral' },
];
const search = createSearchIndex(models, modelSearchKey);
const ids = (query: string) => search(query).map((model) => model.model_id);

describe('model search', () => {
  it.each([
    ['gpt4o', ['gpt-4o', 'gpt-4o-mini', 'openai/gpt-4o']],
    ['GPT-4O', ['gpt-4o', 'gpt-4o-mini', 'openai/gpt-4o']],
    ['llama 3.1', ['llama3.1:8b']],
    ['llama3.1:8b', ['llama3.1:8b']],
    ['claude sonnet', ['claude-3-5-sonnet-20241022']],
    ['sonnet 3.5', ['claude-3-5-sonnet-20241022']],
    ['4o mini', ['gpt-4o-mini']],
  ])('"%s" finds %j', (query, expected) => {
    expect(ids(query)).toEqual(expected);
  });

  it('matches the display name and the connection name, not only the id', () => {
    expect(ids('Large')).toEqual(['mistral-large']);
    expect(ids('home ollama')).toEqual(['llama3.1:8b']);
    expect(ids('openrouter gpt4o')).toEqual(['openai/gpt-4o']);
  });

  it('never matches a word across two fields', () => {
    // The display name ends in "sonnet" and the connection is "Anthropic": concatenated they would match.
    expect(ids('sonnetanthropic')).toEqual([]);
    expect(ids('sonnet anthropic')).toEqual(['claude-3-5-sonnet-20241022']);
  });

  it('returns the same array for an empty or separator-only query', () => {
    expect(search('')).toBe(models);
    expect(search('  - . ')).toBe(models);
  });

  it('finds nothing when a word is absent', () => {
    expect(ids('gpt5')).toEqual([]);
  });

  it('folds accents and keeps non-Latin letters', () => {
    expect(normalizeSearchText('Mistràl-Émbed')).toBe('mistralembed');
    expect(normalizeSearchText('通义千问-Max')).toBe('通义千问max');
    expect(parseSearchQuery(' Qwen 2.5 ')).toEqual(['qwen', '25']);
    expect(buildSearchKey(['a-b', null, '', 'C'])).toBe('ab|c');
  });

  it('filters 5,000 models quickly once keys are built', () => {
    const many = Array.from({ length: 5000 }, (_, i) => ({ model_id: `vendor-${i % 50}/model-${i}`, connection_name: `Conn ${i % 10}` }));
    const searchMany = createSearchIndex(many, modelSearchKey);
    const started = performance.now();
    for (const query of ['m', 'mo', 'mod', 'model 42', 'vendor7 model-4']) searchMany(query);
    expect(searchMany('vendor 7 model 4207')).toHaveLength(1);
    // Generous bound for a busy CI machine; per keystroke this is far below one frame.
    expect((performance.now() - started) / 5).toBeLessThan(50);
  });
});
