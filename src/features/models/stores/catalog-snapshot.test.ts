import { beforeEach, describe, expect, it } from 'vitest';
import { catalogModel } from '../testing/model-testing';
import { CATALOG_SNAPSHOT_KEY, clearCatalogSnapshot, readCatalogSnapshot, saveCatalogSnapshot } from './catalog-snapshot';

const models = [catalogModel({ model_id: 'gpt-4o', is_favorite: true }), catalogModel({ model_id: 'o3', enabled: false })];

describe('catalog snapshot', () => {
  beforeEach(() => clearCatalogSnapshot());

  it('gives the owner back the catalog it saved, with its age', () => {
    saveCatalogSnapshot('alice', models, 1_700_000_000_000);
    expect(readCatalogSnapshot('alice')).toEqual({ models, savedAt: 1_700_000_000_000 });
  });

  it('never paints one person’s catalog for another', () => {
    saveCatalogSnapshot('alice', models, 1);
    expect(readCatalogSnapshot('bob')).toBeNull();
  });

  it.each([
    ['unparsable text', '{"version":1,'],
    ['an outdated version', JSON.stringify({ version: 0, ownerId: 'alice', savedAt: 1, models })],
    ['a model missing fields', JSON.stringify({ version: 1, ownerId: 'alice', savedAt: 1, models: [{ model_id: 'gpt-4o' }] })],
  ])('discards %s and reports no snapshot, without throwing', (_name, text) => {
    localStorage.setItem(CATALOG_SNAPSHOT_KEY, text);
    expect(readCatalogSnapshot('alice')).toBeNull();
    expect(localStorage.getItem(CATALOG_SNAPSHOT_KEY)).toBeNull();
  });

  it('drops the snapshot rather than failing when storage is full', () => {
    saveCatalogSnapshot('alice', models, 1);
    const full: Storage = { ...localStorage, getItem: (k) => localStorage.getItem(k), removeItem: (k) => localStorage.removeItem(k), setItem: () => { throw new DOMException('full', 'QuotaExceededError'); }, clear: () => localStorage.clear(), key: (i) => localStorage.key(i), length: 0 };
    expect(() => saveCatalogSnapshot('alice', models, 2, full)).not.toThrow();
    expect(localStorage.getItem(CATALOG_SNAPSHOT_KEY)).toBeNull();
  });
});
