import { describe, expect, it } from 'vitest';
import { bulkPreferenceChanges, summarizeConnections } from './bulk-preferences';

const A = 'a0000000-0000-4000-8000-000000000001';
const B = 'b0000000-0000-4000-8000-000000000002';
const model = (connection_id: string, model_id: string, enabled: boolean, is_favorite = false) => ({
  connection_id,
  model_id,
  enabled,
  is_favorite,
  connection_name: connection_id === A ? 'Alpha' : 'Beta',
  connection_enabled: true,
});

const models = [model(A, 'one', true, true), model(A, 'two', false, true), model(A, 'three', true), model(B, 'other', false)];

describe('bulkPreferenceChanges', () => {
  it('enables every model of the one connection, sending only the flags that move', () => {
    expect(bulkPreferenceChanges(models, A, 'all')).toEqual([{ connection_id: A, model_id: 'two', enabled: true }]);
  });

  it('disables every model of the connection and leaves other connections alone', () => {
    expect(bulkPreferenceChanges(models, A, 'none')).toEqual([
      { connection_id: A, model_id: 'one', enabled: false },
      { connection_id: A, model_id: 'three', enabled: false },
    ]);
  });

  it('"only favorites" enables the starred models and disables the rest', () => {
    expect(bulkPreferenceChanges(models, A, 'favorites')).toEqual([
      { connection_id: A, model_id: 'two', enabled: true },
      { connection_id: A, model_id: 'three', enabled: false },
    ]);
  });

  it('has nothing to send when the connection is already in the chosen state', () => {
    expect(bulkPreferenceChanges(models, B, 'none')).toEqual([]);
  });
});

describe('summarizeConnections', () => {
  it('counts enabled models and favorites per connection, by name', () => {
    expect(summarizeConnections(models)).toEqual([
      { id: A, name: 'Alpha', connectionEnabled: true, total: 3, enabled: 2, favorites: 2 },
      { id: B, name: 'Beta', connectionEnabled: true, total: 1, enabled: 0, favorites: 0 },
    ]);
  });
});
