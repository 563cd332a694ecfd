/**
 * Normalized models (types.ts) as sync_connection_models stores them, whoever fetched the list
 * (the discovery function, or the browser for servers only it can reach). The adapters have
 * clipped text to the column limits already; this adds what only the database cares about, so
 * one odd entry from a server cannot make the whole sync fail:
 * - capabilities in the column's vocabulary ("image" is stored as "image_generation");
 * - numbers the columns can hold (context_length is an integer column);
 * - no NUL characters or lone UTF-16 surrogates, which Postgres text and jsonb cannot store: an id
 *   with one is dropped (changed, it would name a model the server does not have), other text is
 *   made storable.
 */
import { isStorableText, toStorableText } from '../text.ts';
import { capabilitiesForColumn } from './parse.ts';
import { adapterFor } from './registry.ts';
import type { AdapterId, NormalizedModel } from './types.ts';

/** One model as sync_connection_models accepts it. */
export interface ModelSyncRow {
  model_id: string;
  display_name?: string;
  context_length?: number;
  capabilities: string[];
  prompt_price_per_mtok?: number;
  completion_price_per_mtok?: number;
  size_bytes?: number;
  family?: string;
  quantization?: string;
  parameter_size?: string;
  details?: Record<string, string | number | boolean>;
}

const INT4_MAX = 2_147_483_647;

function clean(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const stripped = toStorableText(text);
  return stripped === '' ? undefined : stripped;
}

export function toSyncInput(models: readonly NormalizedModel[]): { rows: ModelSyncRow[]; dropped: number } {
  const rows: ModelSyncRow[] = [];
  let dropped = 0;
  for (const model of models) {
    if (!isStorableText(model.modelId)) {
      dropped++;
      continue;
    }
    const row: ModelSyncRow = { model_id: model.modelId, capabilities: capabilitiesForColumn(model.capabilities) };
    const displayName = clean(model.displayName);
    if (displayName) row.display_name = displayName;
    if (model.contextLength !== undefined && model.contextLength <= INT4_MAX) row.context_length = model.contextLength;
    if (model.pricing) {
      row.prompt_price_per_mtok = model.pricing.promptPerMillion;
      row.completion_price_per_mtok = model.pricing.completionPerMillion;
    }
    if (model.sizeBytes !== undefined && Number.isSafeInteger(model.sizeBytes) && model.sizeBytes >= 0) {
      row.size_bytes = model.sizeBytes;
    }
    const family = clean(model.family);
    if (family) row.family = family;
    const quantization = clean(model.quantization);
    if (quantization) row.quantization = quantization;
    const parameterSize = clean(model.parameterSize);
    if (parameterSize) row.parameter_size = parameterSize;

    const details: Record<string, string | number | boolean> = {};
    for (const [key, value] of Object.entries(model.details ?? {})) {
      const name = clean(key);
      if (!name) continue;
      if (typeof value === 'string') {
        const text = clean(value);
        if (text) details[name] = text;
      } else if (typeof value === 'boolean' || Number.isFinite(value)) {
        details[name] = value;
      }
    }
    // LM Studio's loaded state: the runtime columns belong to the runtime feature; keep the fact.
    if (model.loaded !== undefined) details.loaded = model.loaded;
    if (Object.keys(details).length > 0) row.details = details;
    rows.push(row);
  }
  return { rows, dropped };
}

/** A model list turned into sync rows; `skipped` counts entries that were not usable models. */
export interface ParsedModelRows {
  models: ModelSyncRow[];
  skipped: number;
}

/**
 * A model list body (JSON, already parsed) as rows, by the kind's discovery adapter. Throws
 * ShapeError when the body is not that protocol's model list. Entries the adapter could not read
 * and ids the database cannot store both count as skipped (the list is then incomplete).
 */
export function parseModelRows(adapter: AdapterId, body: unknown): ParsedModelRows {
  const parsed = adapterFor(adapter).parse(body);
  const { rows, dropped } = toSyncInput(parsed.models);
  return { models: rows, skipped: parsed.skipped + dropped };
}
