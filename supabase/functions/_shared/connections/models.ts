/**
 * Normalized models (providers/types.ts) as sync_connection_models stores them. The adapters have
 * clipped text to the column limits already; this adds what only the database cares about, so
 * one odd entry from a server cannot make the whole sync fail:
 * - capabilities in the column's vocabulary ("image" is stored as "image_generation");
 * - numbers the columns can hold (context_length is an integer column);
 * - no NUL characters or lone UTF-16 surrogates, which Postgres text and jsonb cannot store: an id
 *   with one is dropped (changed, it would name a model the server does not have), other text is
 *   made storable.
 */
import { isStorableText, toStorableText } from '../core/text.ts';
import { capabilitiesForColumn } from '../providers/parse.ts';
import type { NormalizedModel } from '../providers/types.ts';
import type { ModelSyncInput } from './ports.ts';

const INT4_MAX = 2_147_483_647;

function clean(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const stripped = toStorableText(text);
  return stripped === '' ? undefined : stripped;
}

export function toSyncInput(models: readonly NormalizedModel[]): { rows: ModelSyncInput[]; dropped: number } {
  const rows: ModelSyncInput[] = [];
  let dropped = 0;
  for (const model of models) {
    if (!isStorableText(model.modelId)) {
      dropped++;
      continue;
    }
    const row: ModelSyncInput = { model_id: model.modelId, capabilities: capabilitiesForColumn(model.capabilities) };
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
