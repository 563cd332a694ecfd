import { describe, expect, it } from 'vitest';
import type { CatalogModel } from '../types/catalog';
import { createCatalogSorter, defaultCatalogFilters, filterCatalog, formatModelCount, formatPrice, sortCatalog } from './catalog-view';

function model(patch: Partial<CatalogModel> & { model_id: string }): CatalogModel {
  return {
    owner_id: 'u', connection_id: 'c1', label: patch.display_name ?? patch.model_id, display_name: null, context_length: null, capabilities: [],
    prompt_price_per_mtok: null, completion_price_per_mtok: null, size_bytes: null, family: null, quantization: null, parameter_size: null,
    available: true, enabled: true, first_seen_at: null, last_seen_at: null, runtime_status: null, runtime_status_at: null, last_used_at: null,
    request_count: null, connection_name: 'OpenAI', connection_kind: 'openai', connection_category: 'cloud', connection_enabled: true,
    is_favorite: false, favorited_at: null, ...patch,
  };
}

const gpt = model({ model_id: 'gpt-4o', display_name: 'GPT-4o', context_length: 128_000, prompt_price_per_mtok: 2.5, completion_price_per_mtok: 10, capabilities: ['chat', 'vision'] });
const mini = model({ model_id: 'gpt-4o-mini', context_length: 128_000, prompt_price_per_mtok: 0.15, completion_price_per_mtok: 0.6, capabilities: ['chat'] });
const llama = model({ model_id: 'llama3.1:8b', connection_id: 'c2', connection_name: 'Ollama', connection_kind: 'ollama', context_length: 8_192, available: false, capabilities: ['chat'] });
const embed = model({ model_id: 'text-embedding-3-small', capabilities: ['embeddings'], enabled: false });
const all = [gpt, mini, llama, embed];

describe('filterCatalog', () => {
  it('finds gpt-4o for "gpt4o" and "GPT 4O", whatever the case and separators', () => {
    expect(filterCatalog(all, { ...defaultCatalogFilters, search: 'gpt4o' })).toEqual([gpt, mini]);
    expect(filterCatalog(all, { ...defaultCatalogFilters, search: 'GPT 4O mini' })).toEqual([mini]);
    expect(filterCatalog(all, { ...defaultCatalogFilters, search: 'llama 3.1' })).toEqual([llama]);
  });

  it('filters by connection, kind, capability and availability together', () => {
    expect(filterCatalog(all, { ...defaultCatalogFilters, connectionId: 'c2' })).toEqual([llama]);
    expect(filterCatalog(all, { ...defaultCatalogFilters, kind: 'openai', capability: 'chat' })).toEqual([gpt, mini]);
    expect(filterCatalog(all, { ...defaultCatalogFilters, capability: 'vision' })).toEqual([gpt]);
    expect(filterCatalog(all, { ...defaultCatalogFilters, availability: 'unavailable' })).toEqual([llama]);
    expect(filterCatalog(all, { ...defaultCatalogFilters, availability: 'available', search: 'embedding' })).toEqual([embed]);
  });

  it('offers only enabled models on enabled connections when asked, but keeps favorites', () => {
    const starredDisabled = { ...embed, is_favorite: true };
    const offConnection = model({ model_id: 'off', connection_enabled: false, is_favorite: true });
    expect(filterCatalog([gpt, embed, starredDisabled, offConnection], { ...defaultCatalogFilters, enabledOnly: true })).toEqual([gpt, starredDisabled]);
  });
});

describe('sortCatalog', () => {
  it('sorts by name, connection, largest context first and cheapest first, unknowns last', () => {
    const ids = (models: CatalogModel[]) => models.map((m) => m.model_id);
    expect(ids(sortCatalog(all, 'name'))).toEqual(['gpt-4o', 'gpt-4o-mini', 'llama3.1:8b', 'text-embedding-3-small']);
    expect(ids(sortCatalog(all, 'connection'))).toEqual(['llama3.1:8b', 'gpt-4o', 'gpt-4o-mini', 'text-embedding-3-small']);
    expect(ids(sortCatalog(all, 'context'))).toEqual(['gpt-4o', 'gpt-4o-mini', 'llama3.1:8b', 'text-embedding-3-small']);
    expect(ids(sortCatalog(all, 'price'))).toEqual(['gpt-4o-mini', 'gpt-4o', 'llama3.1:8b', 'text-embedding-3-small']);
  });

  it('does not reorder its input', () => {
    const input = [embed, gpt];
    sortCatalog(input, 'name');
    expect(input).toEqual([embed, gpt]);
  });
});

describe('formatting', () => {
  it('counts with thousands separators and only says "of" when something is filtered out', () => {
    expect(formatModelCount(1234, 5000)).toBe('1,234 of 5,000 models');
    expect(formatModelCount(5000, 5000)).toBe('5,000 models');
    expect(formatModelCount(1, 1)).toBe('1 model');
  });

  it('shows a price only when the provider publishes one', () => {
    expect(formatPrice(gpt)).toBe('$2.50 / $10.00');
    expect(formatPrice(llama)).toBeNull();
  });
});

describe('createCatalogSorter', () => {
  it('sorts like sortCatalog and keeps that order when only stars and switches change', () => {
    const sortModels = createCatalogSorter();
    expect(sortModels(all, 'price')).toEqual(sortCatalog(all, 'price'));
    const starred = all.map((m) => (m === llama ? { ...m, is_favorite: true, enabled: false } : m));
    const resorted = sortModels(starred, 'price');
    expect(resorted).toEqual(sortCatalog(starred, 'price'));
    expect(resorted.find((m) => m.model_id === 'llama3.1:8b')?.is_favorite).toBe(true);
  });

  it('sorts again when a field the order depends on changes', () => {
    const sortModels = createCatalogSorter();
    sortModels(all, 'name');
    const renamed = all.map((m) => (m === embed ? { ...m, label: 'aaa first' } : m));
    expect(sortModels(renamed, 'name')[0]?.label).toBe('aaa first');
    expect(sortModels(renamed, 'context').map((m) => m.model_id)).toEqual(sortCatalog(renamed, 'context').map((m) => m.model_id));
  });
});
