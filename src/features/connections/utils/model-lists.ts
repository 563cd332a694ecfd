/**
 * Parsers for the model lists browser checks read: the self-hosted protocols only (Ollama, LM
 * Studio, OpenAI-compatible servers and custom endpoints). Cloud providers are always checked by the
 * Edge Functions, whose adapters (supabase/functions/_shared/providers) cover every kind.
 *
 * Each parser turns an untrusted JSON body into rows for sync_connection_models, or throws
 * ModelListShapeError when the body is not a model list of that protocol.
 */
import { isStorableText, toStorableText } from '@core/text.ts';
import type { SyncModel } from '../types/connections';

export type BrowserAdapter = 'ollama' | 'lmstudio' | 'openai' | 'custom';

export class ModelListShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelListShapeError';
  }
}

export interface ParsedModelList {
  models: SyncModel[];
  /** Entries that were not usable models (the list then counts as partial). */
  skipped: number;
}

type Json = Record<string, unknown>;

const record = (value: unknown): Json | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
function positiveInt(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : undefined;
}
const clip = (value: string | undefined, max: number) => (value === undefined ? undefined : [...value].slice(0, max).join(''));

/** A conservative guess from the id when a server says nothing about capabilities. */
function capabilitiesFromId(id: string): string[] {
  const lower = id.toLowerCase();
  if (lower.includes('embed')) return ['embedding'];
  if (/whisper|transcribe|tts|speech/.test(lower)) return ['audio'];
  if (/rerank/.test(lower)) return ['rerank'];
  return ['chat'];
}

/** JSON with every string (and key) made storable, as the Edge Functions store provider text. */
function storableJson(value: unknown): unknown {
  if (typeof value === 'string') return toStorableText(value);
  if (Array.isArray(value)) return value.map(storableJson);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, child]) => [toStorableText(key), storableJson(child)]));
  return value;
}

/**
 * Drops unusable ids, clips text to the column limits, removes duplicates and empty fields. Text the
 * database cannot store (a NUL, half a surrogate pair) would make the whole sync fail, so it is
 * cleaned as the Edge Functions clean it: an id with such text is skipped like an unreadable entry
 * (changed, it would name a model the server does not have), other text is made storable.
 */
function finish(models: SyncModel[], skipped: number): ParsedModelList {
  const seen = new Set<string>();
  const result: SyncModel[] = [];
  for (const raw of models) {
    const model = storableJson(raw) as SyncModel;
    model.model_id = raw.model_id;
    const length = [...model.model_id].length;
    if (length === 0 || length > 512 || !isStorableText(model.model_id)) {
      skipped++;
      continue;
    }
    if (seen.has(model.model_id)) continue;
    seen.add(model.model_id);
    const clean: SyncModel = { model_id: model.model_id };
    const display = clip(model.display_name?.trim(), 512);
    if (display) clean.display_name = display;
    if (model.context_length) clean.context_length = model.context_length;
    if (model.capabilities?.length) clean.capabilities = [...new Set(model.capabilities)];
    if (model.size_bytes) clean.size_bytes = model.size_bytes;
    if (model.family) clean.family = clip(model.family, 100);
    if (model.quantization) clean.quantization = clip(model.quantization, 50);
    if (model.parameter_size) clean.parameter_size = clip(model.parameter_size, 50);
    if (model.details && Object.keys(model.details).length > 0) clean.details = model.details;
    result.push(clean);
  }
  return { models: result, skipped };
}

/** Ollama `GET /api/tags`: `{ models: [{ name, model, size, digest, details: { family, families, parameter_size, quantization_level } }] }`. */
export function parseOllamaTags(body: unknown): ParsedModelList {
  const root = record(body);
  const list = root?.models ?? (root && Object.keys(root).length === 0 ? [] : undefined);
  if (!Array.isArray(list)) throw new ModelListShapeError('Expected an Ollama model list: an object with a "models" array.');
  let skipped = 0;
  const models: SyncModel[] = [];
  for (const raw of list) {
    const entry = record(raw);
    const name = text(entry?.name) ?? text(entry?.model);
    if (!entry || !name) {
      skipped++;
      continue;
    }
    const details = record(entry.details);
    const families = [text(details?.family) ?? '', ...strings(details?.families)].map((f) => f.toLowerCase());
    const declared = strings(entry.capabilities);
    let capabilities: string[];
    if (declared.length > 0) {
      const map: Record<string, string> = { completion: 'chat', vision: 'vision', tools: 'tools', thinking: 'reasoning', embedding: 'embedding', insert: 'completion' };
      capabilities = declared.map((c) => map[c]).filter((c): c is string => c !== undefined);
    } else if (families.some((f) => f.includes('bert')) || /embed/i.test(name)) {
      capabilities = ['embedding'];
    } else {
      capabilities = families.some((f) => f === 'clip' || f === 'mllama') ? ['chat', 'vision'] : ['chat'];
    }
    const extra: Record<string, string> = {};
    const digest = text(entry.digest);
    if (digest) extra.digest = digest;
    const format = text(details?.format);
    if (format) extra.format = format;
    models.push({
      model_id: name,
      display_name: name,
      capabilities,
      size_bytes: positiveInt(entry.size),
      family: text(details?.family),
      parameter_size: text(details?.parameter_size),
      quantization: text(details?.quantization_level),
      details: extra,
    });
  }
  return finish(models, skipped);
}

/** LM Studio `GET /api/v0/models`: `{ data: [{ id, type, publisher, arch, quantization, state, max_context_length }] }`. */
export function parseLmStudioModels(body: unknown): ParsedModelList {
  const list = record(body)?.data;
  if (!Array.isArray(list)) throw new ModelListShapeError('Expected an LM Studio model list: an object with a "data" array.');
  let skipped = 0;
  const models: SyncModel[] = [];
  for (const raw of list) {
    const entry = record(raw);
    const id = text(entry?.id);
    if (!entry || !id) {
      skipped++;
      continue;
    }
    const type = text(entry.type);
    const declared = strings(entry.capabilities);
    const capabilities = type === 'embeddings' ? ['embedding'] : ['chat', ...(type === 'vlm' ? ['vision'] : []), ...(declared.includes('tool_use') ? ['tools'] : [])];
    const extra: Record<string, string | boolean> = { loaded: entry.state === 'loaded' };
    const publisher = text(entry.publisher);
    if (publisher) extra.publisher = publisher;
    models.push({
      model_id: id,
      display_name: id,
      context_length: positiveInt(entry.max_context_length),
      capabilities,
      family: text(entry.arch),
      quantization: text(entry.quantization),
      details: extra,
    });
  }
  return finish(models, skipped);
}

function openAiEntry(raw: unknown): SyncModel | null {
  const entry = record(raw);
  const id = text(entry?.id);
  if (!entry || !id) return null;
  const meta = record(entry.meta);
  const extra: Record<string, string> = {};
  const owner = text(entry.owned_by);
  if (owner) extra.owned_by = owner;
  return {
    model_id: id,
    display_name: text(entry.display_name) ?? text(entry.name) ?? id,
    context_length:
      positiveInt(entry.context_length) ??
      positiveInt(entry.context_window) ??
      positiveInt(entry.max_context_length) ??
      positiveInt(entry.max_model_len) ??
      positiveInt(meta?.n_ctx_train),
    capabilities: capabilitiesFromId(id),
    details: extra,
  };
}

function parseEntries(list: unknown[]): ParsedModelList {
  let skipped = 0;
  const models: SyncModel[] = [];
  for (const raw of list) {
    const model = openAiEntry(raw);
    if (model) models.push(model);
    else skipped++;
  }
  return finish(models, skipped);
}

/** OpenAI-compatible `GET /v1/models`: `{ data: [{ id, owned_by, ... }] }` (a bare array is accepted too). */
export function parseOpenAiModels(body: unknown): ParsedModelList {
  const list = Array.isArray(body) ? body : record(body)?.data;
  if (!Array.isArray(list)) throw new ModelListShapeError('Expected an OpenAI-style model list: an object with a "data" array.');
  return parseEntries(list);
}

/** Custom endpoints: `{ data: [...] }`, `{ models: [...] }` or a bare array, of objects or plain id strings. */
export function parseCustomModels(body: unknown): ParsedModelList {
  const root = record(body);
  const list = Array.isArray(body) ? body : Array.isArray(root?.data) ? root.data : root?.models;
  if (!Array.isArray(list)) throw new ModelListShapeError('Expected a model list: an array, or an object with a "data" or "models" array.');
  return parseEntries(
    (list as unknown[]).map((entry) => {
      if (typeof entry === 'string') return { id: entry };
      const object = record(entry);
      if (object && text(object.id) === undefined) {
        const id = text(object.model) ?? text(object.name);
        if (id) return { ...object, id };
      }
      return entry;
    }),
  );
}

export function parseModelList(adapter: BrowserAdapter, body: unknown): ParsedModelList {
  switch (adapter) {
    case 'ollama':
      return parseOllamaTags(body);
    case 'lmstudio':
      return parseLmStudioModels(body);
    case 'custom':
      return parseCustomModels(body);
    case 'openai':
      return parseOpenAiModels(body);
  }
}

/** The browser parser for a kind: its discovery adapter when the browser knows it, else OpenAI-style. */
export function browserAdapterFor(kind: { id: string; discovery_adapter: string; models_path: string | null }): BrowserAdapter {
  if (kind.id === 'custom' || kind.models_path === null) return 'custom';
  if (kind.discovery_adapter === 'ollama' || kind.discovery_adapter === 'lmstudio') return kind.discovery_adapter;
  return 'openai';
}
