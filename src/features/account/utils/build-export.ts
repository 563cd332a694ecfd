import type { Tables } from '@/lib/database.types';
import { EXPORT_FORMAT, EXPORT_VERSION, type ExportFile } from './export-schema';

export interface AccountRows {
  connections: Tables<'connections'>[];
  models: Tables<'models'>[];
  favoriteModels: Pick<Tables<'favorite_models'>, 'connection_id' | 'model_id'>[];
  presets: Tables<'model_presets'>[];
  generations: Tables<'generations'>[];
  generationFavorites: Pick<Tables<'generation_favorites'>, 'generation_id'>[];
  collections: Tables<'collections'>[];
  collectionItems: Pick<Tables<'collection_items'>, 'collection_id' | 'generation_id' | 'added_at'>[];
}

const asObject = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

const byText = <T>(key: (row: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

/** The export file from the account's rows. Pure, so the round trip is testable without a server. */
export function buildExport(rows: AccountRows, exportedAt: Date = new Date()): ExportFile {
  const starred = new Set(rows.favoriteModels.map((f) => `${f.connection_id}\u0000${f.model_id}`));
  const hearted = new Set(rows.generationFavorites.map((f) => f.generation_id));
  const modelsByConnection = new Map<string, Tables<'models'>[]>();
  for (const model of rows.models) {
    const list = modelsByConnection.get(model.connection_id) ?? [];
    list.push(model);
    modelsByConnection.set(model.connection_id, list);
  }
  const itemsByCollection = new Map<string, AccountRows['collectionItems']>();
  for (const item of rows.collectionItems) {
    const list = itemsByCollection.get(item.collection_id) ?? [];
    list.push(item);
    itemsByCollection.set(item.collection_id, list);
  }

  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exported_at: exportedAt.toISOString(),
    connections: [...rows.connections].sort(byText((c) => c.created_at)).map((c) => ({
      id: c.id,
      kind: c.kind,
      name: c.name,
      base_url: c.base_url,
      models_path: c.models_path,
      auth_header: c.auth_header,
      enabled: c.enabled,
      probe_from: c.probe_from === 'browser' ? 'browser' : 'server',
      created_at: c.created_at,
      models: (modelsByConnection.get(c.id) ?? []).sort(byText((m) => m.model_id)).map((m) => ({
        model_id: m.model_id,
        display_name: m.display_name,
        context_length: m.context_length,
        capabilities: [...m.capabilities],
        prompt_price_per_mtok: m.prompt_price_per_mtok,
        completion_price_per_mtok: m.completion_price_per_mtok,
        size_bytes: m.size_bytes,
        family: m.family,
        quantization: m.quantization,
        parameter_size: m.parameter_size,
        details: asObject(m.details),
        available: m.available,
        enabled: m.enabled,
        favorite: starred.has(`${m.connection_id}\u0000${m.model_id}`),
      })),
    })),
    presets: [...rows.presets].sort(byText((p) => p.created_at)).map((p) => ({
      id: p.id,
      name: p.name,
      connection_id: p.connection_id,
      model_id: p.model_id,
      temperature: p.temperature,
      top_p: p.top_p,
      max_tokens: p.max_tokens,
      context_length: p.context_length,
      system_prompt: p.system_prompt,
      keep_alive: p.keep_alive,
    })),
    generations: [...rows.generations].sort(byText((g) => `${g.created_at}\u0000${g.id}`)).map((g) => ({
      id: g.id,
      connection_id: g.connection_id,
      connection_name: g.connection_name,
      connection_kind: g.connection_kind,
      preset_id: g.preset_id,
      model_id: g.model_id,
      prompt: g.prompt,
      system_prompt: g.system_prompt,
      output: g.output,
      parameters: asObject(g.parameters),
      prompt_tokens: g.prompt_tokens,
      completion_tokens: g.completion_tokens,
      latency_ms: g.latency_ms,
      first_token_ms: g.first_token_ms,
      status: (['pending', 'streaming', 'completed', 'cancelled', 'error'] as const).find((s) => s === g.status) ?? 'error',
      error: g.error,
      created_at: g.created_at,
      finished_at: g.finished_at,
      favorite: hearted.has(g.id),
    })),
    collections: [...rows.collections].sort(byText((c) => c.created_at)).map((c) => ({
      id: c.id,
      title: c.title,
      description: c.description,
      created_at: c.created_at,
      generation_ids: (itemsByCollection.get(c.id) ?? []).sort(byText((i) => i.added_at)).map((i) => i.generation_id),
    })),
  };
}
