/** Small readers for untrusted JSON: each returns undefined rather than a wrong type. */
import type { Capability, ModelPricing, NormalizedModel, ParsedPage } from './types.ts';

export type Json = Record<string, unknown>;

export function asRecord(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Json : undefined;
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** A positive finite number, from a number or a numeric string. */
export function asPositiveNumber(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : undefined;
}

export function asPositiveInteger(value: unknown): number | undefined {
  const n = asPositiveNumber(value);
  return n !== undefined && Number.isInteger(n) ? n : undefined;
}

/**
 * The array under `key` of a list response. A missing key is an empty list only when the object is
 * empty ({} from an account with nothing in it); any other object without it, e.g. {"error": ...}
 * answered with status 200, is not a model list.
 */
export function listField(page: Json | undefined, key: string): unknown[] | undefined {
  if (!page) return undefined;
  const value = page[key];
  if (Array.isArray(value)) return value;
  if ((value === undefined || value === null) && Object.keys(page).every((k) => k === key)) return [];
  return undefined;
}

export function asStringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Rounds away binary noise: 0.0000025 * 1e6 is 2.4999999999999996, a price of 2.5. */
export function tidy(n: number): number {
  return Number(n.toPrecision(12));
}

/**
 * Builds pricing from per-million prices; a negative or missing price means "unknown" (OpenRouter
 * uses "-1" for routers whose price depends on the model they pick).
 */
export function pricing(
  promptPerMillion: number | undefined,
  completionPerMillion: number | undefined,
): ModelPricing | undefined {
  if (promptPerMillion === undefined || completionPerMillion === undefined) return undefined;
  if (!Number.isFinite(promptPerMillion) || !Number.isFinite(completionPerMillion)) return undefined;
  if (promptPerMillion < 0 || completionPerMillion < 0) return undefined;
  return {
    promptPerMillion: tidy(promptPerMillion),
    completionPerMillion: tidy(completionPerMillion),
    currency: 'USD',
  };
}

/** A price that may be 0 (free models are real): a non-negative number from a number or string. */
export function asPrice(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

const ORDER: Record<Capability, number> = {
  chat: 0,
  completion: 1,
  embedding: 2,
  vision: 3,
  tools: 4,
  reasoning: 5,
  audio: 6,
  image: 7,
};

/** Deduplicated, in a stable order, so equal capability sets compare equal. */
export function capabilitySet(items: Iterable<Capability | false | undefined | null>): Capability[] {
  const set = new Set<Capability>();
  for (const item of items) if (item) set.add(item);
  return [...set].sort((a, b) => ORDER[a] - ORDER[b]);
}

/**
 * Last resort when a provider gives no capability data (plain OpenAI-compatible lists): a few
 * unambiguous naming conventions, otherwise "chat". Deliberately conservative: a wrong "vision"
 * badge is worse than a missing one.
 */
export function capabilitiesFromId(modelId: string): Capability[] {
  const id = modelId.toLowerCase();
  if (/embed/.test(id)) return ['embedding'];
  if (/whisper|transcribe|(^|[-_/])tts([-_]|$)|speech/.test(id)) return ['audio'];
  if (/dall-e|gpt-image|stable-diffusion|sdxl|flux|imagen/.test(id)) return ['image'];
  if (/moderation|rerank|guard/.test(id)) return [];
  return ['chat'];
}

/**
 * Database column vocabulary for capabilities (models.capabilities): the same words, except that
 * image output is stored as "image_generation".
 */
export function capabilitiesForColumn(capabilities: readonly Capability[]): string[] {
  return capabilities.map((c) => (c === 'image' ? 'image_generation' : c));
}

const LIMITS = { modelId: 512, displayName: 512, family: 100, quantization: 50, parameterSize: 50, detail: 500 };

function clip(text: string | undefined, max: number): string | undefined {
  if (text === undefined) return undefined;
  const characters = Array.from(text);
  return characters.length > max ? characters.slice(0, max).join('') : text;
}

/**
 * The last step of every adapter: drops models whose id cannot be stored (empty or over 512
 * characters; counted as skipped), clips free-text fields to the column limits, and removes
 * duplicate ids (Mistral lists aliases, some gateways repeat entries), keeping the first.
 */
export function finalizeModels(models: NormalizedModel[]): { models: NormalizedModel[]; skipped: number } {
  const seen = new Set<string>();
  const result: NormalizedModel[] = [];
  let skipped = 0;
  for (const model of models) {
    if (model.modelId.length === 0 || Array.from(model.modelId).length > LIMITS.modelId) {
      skipped++;
      continue;
    }
    if (seen.has(model.modelId)) continue;
    seen.add(model.modelId);
    const clean: NormalizedModel = {
      ...model,
      displayName: clip(model.displayName.trim() || model.modelId, LIMITS.displayName)!,
    };
    if (model.family !== undefined) clean.family = clip(model.family, LIMITS.family);
    if (model.quantization !== undefined) clean.quantization = clip(model.quantization, LIMITS.quantization);
    if (model.parameterSize !== undefined) clean.parameterSize = clip(model.parameterSize, LIMITS.parameterSize);
    if (model.contextLength !== undefined && !(Number.isInteger(model.contextLength) && model.contextLength > 0)) {
      delete clean.contextLength;
    }
    if (model.details) {
      const details: Record<string, string | number | boolean> = {};
      for (const [key, value] of Object.entries(model.details)) {
        details[key] = typeof value === 'string' ? clip(value, LIMITS.detail)! : value;
      }
      clean.details = details;
    }
    for (const key of Object.keys(clean) as (keyof NormalizedModel)[]) {
      if (clean[key] === undefined) delete clean[key];
    }
    result.push(clean);
  }
  return { models: result, skipped };
}

/**
 * Every adapter's loop: each entry of a list that is an object is read by `read` (null when it is
 * not a usable model, e.g. it has no id), anything else is skipped, then finalizeModels.
 */
export function readEntries(list: readonly unknown[], read: (entry: Json) => NormalizedModel | null): ParsedPage {
  const models: NormalizedModel[] = [];
  let skipped = 0;
  for (const raw of list) {
    const entry = asRecord(raw);
    const model = entry ? read(entry) : null;
    if (model) models.push(model);
    else skipped++;
  }
  const final = finalizeModels(models);
  return { models: final.models, skipped: skipped + final.skipped };
}

/** Provider extras worth keeping (models.details), without the ones the server left out. */
export function compactDetails(
  fields: Record<string, string | number | boolean | undefined>,
): Record<string, string | number | boolean> | undefined {
  const details: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) details[key] = value;
  return Object.keys(details).length ? details : undefined;
}
