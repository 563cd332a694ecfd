import type { CatalogModel } from '../types/catalog';
import type { PreferenceChange } from '../types/preferences';

export type BulkChoice = 'all' | 'none' | 'favorites';

type PreferenceFields = Pick<CatalogModel, 'connection_id' | 'model_id' | 'enabled' | 'is_favorite'>;

/**
 * The changes one bulk choice makes on one connection: every model, available or not, ends
 * enabled (all), disabled (none) or enabled exactly when starred (favorites). Only flags that
 * actually move are sent, so a repeated choice saves nothing and bumps no revision.
 */
export function bulkPreferenceChanges(models: readonly PreferenceFields[], connectionId: string, choice: BulkChoice): PreferenceChange[] {
  const changes: PreferenceChange[] = [];
  for (const model of models) {
    if (model.connection_id !== connectionId) continue;
    const wanted = choice === 'all' ? true : choice === 'none' ? false : model.is_favorite;
    if (model.enabled !== wanted) changes.push({ connection_id: model.connection_id, model_id: model.model_id, enabled: wanted });
  }
  return changes;
}

export interface ConnectionSummary {
  id: string;
  name: string;
  connectionEnabled: boolean;
  total: number;
  enabled: number;
  favorites: number;
}

/** One line per connection, sorted by name: how many of its models are enabled and starred. */
export function summarizeConnections(models: readonly (PreferenceFields & Pick<CatalogModel, 'connection_name' | 'connection_enabled'>)[]): ConnectionSummary[] {
  const byId = new Map<string, ConnectionSummary>();
  for (const model of models) {
    let summary = byId.get(model.connection_id);
    if (!summary) {
      summary = { id: model.connection_id, name: model.connection_name, connectionEnabled: model.connection_enabled, total: 0, enabled: 0, favorites: 0 };
      byId.set(model.connection_id, summary);
    }
    summary.total++;
    if (model.enabled) summary.enabled++;
    if (model.is_favorite) summary.favorites++;
  }
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
}
