/**
 * Plans restoring an export file into an account: every row gets a new id, references are rewired
 * to the new ids, and anything whose name is taken (connections, presets, collection titles; the
 * database compares them case-insensitively) is skipped and reported. References to a skipped row
 * point at the same-named row the account already has, so presets and generations keep their
 * connection. Generations already present (same model, prompt, system prompt and output) are not
 * duplicated; collections still reference them. An entry the database would refuse (text it cannot
 * store, a base URL the connection form refuses, such as a cloud metadata address) is rejected
 * with its reason, and the rest of the file still goes in: references to it are dropped (a preset
 * or generation keeps no connection, a collection leaves the generation out).
 */
import { findUnstorableText } from '@core/text.ts';
import { baseUrlProblem } from '@/lib/base-url';
import type { Json, TablesInsert } from '@/lib/database.types';
import { printableText } from '@/lib/storable-text';
import type { ExportFile } from './export-schema';

export interface ExistingAccount {
  connections: ReadonlyArray<{ id: string; name: string }>;
  presets: ReadonlyArray<{ id: string; name: string }>;
  collections: ReadonlyArray<{ id: string; title: string }>;
  /** generationFingerprint(...) of each existing generation, with its id. */
  generations: ReadonlyMap<string, string>;
}

export interface Skipped {
  kind: 'connection' | 'preset' | 'collection';
  name: string;
  reason: string;
}

export interface Rejected {
  kind: 'connection' | 'preset' | 'generation' | 'collection';
  /** How a person recognizes it: its name, title or the start of its prompt. */
  name: string;
  /** Why, as the end of a sentence ("its base URL … is not usable: …"). */
  reason: string;
}

export interface ImportPlan {
  connections: TablesInsert<'connections'>[];
  models: TablesInsert<'models'>[];
  favoriteModels: TablesInsert<'favorite_models'>[];
  presets: TablesInsert<'model_presets'>[];
  generations: TablesInsert<'generations'>[];
  generationFavorites: TablesInsert<'generation_favorites'>[];
  collections: TablesInsert<'collections'>[];
  collectionItems: TablesInsert<'collection_items'>[];
  skipped: Skipped[];
  rejected: Rejected[];
  /** Generations left out because the account already has them. */
  duplicateGenerations: number;
}

export function generationFingerprint(g: { model_id: string; prompt: string; system_prompt: string | null; output: string }): string {
  return JSON.stringify([g.model_id, g.prompt, g.system_prompt ?? '', g.output]);
}

export function planImport(file: ExportFile, existing: ExistingAccount, newId: () => string = () => crypto.randomUUID()): ImportPlan {
  const plan: ImportPlan = {
    connections: [],
    models: [],
    favoriteModels: [],
    presets: [],
    generations: [],
    generationFavorites: [],
    collections: [],
    collectionItems: [],
    skipped: [],
    rejected: [],
    duplicateGenerations: 0,
  };
  const reject = (kind: Rejected['kind'], name: string, reason: string) => plan.rejected.push({ kind, name: printableText(name), reason });

  const connectionByName = new Map(existing.connections.map((c) => [c.name.toLowerCase(), c.id]));
  const connectionIds = new Map<string, string>();
  for (const connection of file.connections) {
    const taken = connectionByName.get(connection.name.toLowerCase());
    if (taken) {
      connectionIds.set(connection.id, taken);
      plan.skipped.push({ kind: 'connection', name: connection.name, reason: 'you already have one with this name, which was kept as it is.' });
      continue;
    }
    const unstorable = findUnstorableText(connection);
    if (unstorable) {
      reject('connection', connection.name, unstorableReason(unstorable));
      continue;
    }
    const urlProblem = baseUrlProblem(connection.base_url);
    if (urlProblem) {
      reject('connection', connection.name, `its base URL “${connection.base_url}” is not usable: ${urlProblem}`);
      continue;
    }
    const id = newId();
    connectionIds.set(connection.id, id);
    connectionByName.set(connection.name.toLowerCase(), id);
    plan.connections.push({
      id,
      kind: connection.kind,
      name: connection.name,
      base_url: connection.base_url,
      models_path: connection.models_path,
      auth_header: connection.auth_header,
      enabled: connection.enabled,
      probe_from: connection.probe_from,
    });
    for (const model of connection.models) {
      plan.models.push({
        connection_id: id,
        model_id: model.model_id,
        display_name: model.display_name,
        context_length: model.context_length,
        capabilities: model.capabilities,
        prompt_price_per_mtok: model.prompt_price_per_mtok,
        completion_price_per_mtok: model.completion_price_per_mtok,
        size_bytes: model.size_bytes,
        family: model.family,
        quantization: model.quantization,
        parameter_size: model.parameter_size,
        details: model.details as NonNullable<Json>,
        available: model.available,
        enabled: model.enabled,
      });
      if (model.favorite) plan.favoriteModels.push({ connection_id: id, model_id: model.model_id });
    }
  }

  const presetByName = new Map(existing.presets.map((p) => [p.name.toLowerCase(), p.id]));
  const presetIds = new Map<string, string>();
  for (const preset of file.presets) {
    const taken = presetByName.get(preset.name.toLowerCase());
    if (taken) {
      presetIds.set(preset.id, taken);
      plan.skipped.push({ kind: 'preset', name: preset.name, reason: 'you already have one with this name, which was kept as it is.' });
      continue;
    }
    const unstorable = findUnstorableText(preset);
    if (unstorable) {
      reject('preset', preset.name, unstorableReason(unstorable));
      continue;
    }
    const id = newId();
    presetIds.set(preset.id, id);
    presetByName.set(preset.name.toLowerCase(), id);
    plan.presets.push({
      id,
      name: preset.name,
      connection_id: preset.connection_id ? (connectionIds.get(preset.connection_id) ?? null) : null,
      model_id: preset.model_id,
      temperature: preset.temperature,
      top_p: preset.top_p,
      max_tokens: preset.max_tokens,
      context_length: preset.context_length,
      system_prompt: preset.system_prompt,
      keep_alive: preset.keep_alive,
    });
  }

  const generationIds = new Map<string, string>();
  const seen = new Map(existing.generations);
  for (const generation of file.generations) {
    const unstorable = findUnstorableText(generation);
    if (unstorable) {
      const prompt = [...generation.prompt];
      reject('generation', prompt.length > 40 ? `${prompt.slice(0, 40).join('')}…` : generation.prompt, unstorableReason(unstorable));
      continue;
    }
    const fingerprint = generationFingerprint(generation);
    const duplicate = seen.get(fingerprint);
    if (duplicate) {
      generationIds.set(generation.id, duplicate);
      plan.duplicateGenerations++;
      continue;
    }
    const id = newId();
    generationIds.set(generation.id, id);
    seen.set(fingerprint, id);
    plan.generations.push({
      id,
      connection_id: generation.connection_id ? (connectionIds.get(generation.connection_id) ?? null) : null,
      connection_name: generation.connection_name,
      connection_kind: generation.connection_kind,
      preset_id: generation.preset_id ? (presetIds.get(generation.preset_id) ?? null) : null,
      model_id: generation.model_id,
      prompt: generation.prompt,
      system_prompt: generation.system_prompt,
      output: generation.output,
      parameters: generation.parameters as NonNullable<Json>,
      prompt_tokens: generation.prompt_tokens,
      completion_tokens: generation.completion_tokens,
      latency_ms: generation.latency_ms,
      first_token_ms: generation.first_token_ms,
      status: generation.status,
      error: generation.error,
      // created_at is the database's to set; finished_at must not precede it, so it is left out too.
      finished_at: null,
    });
    if (generation.favorite) plan.generationFavorites.push({ generation_id: id });
  }

  const collectionByTitle = new Map(existing.collections.map((c) => [c.title.toLowerCase(), c.id]));
  for (const collection of file.collections) {
    if (collectionByTitle.has(collection.title.toLowerCase())) {
      plan.skipped.push({ kind: 'collection', name: collection.title, reason: 'you already have one with this name, which was kept as it is.' });
      continue;
    }
    const unstorable = findUnstorableText(collection);
    if (unstorable) {
      reject('collection', collection.title, unstorableReason(unstorable));
      continue;
    }
    const id = newId();
    collectionByTitle.set(collection.title.toLowerCase(), id);
    plan.collections.push({ id, title: collection.title, description: collection.description });
    const added = new Set<string>();
    for (const oldId of collection.generation_ids) {
      const generationId = generationIds.get(oldId);
      if (!generationId || added.has(generationId)) continue;
      added.add(generationId);
      plan.collectionItems.push({ collection_id: id, generation_id: generationId });
    }
  }

  // Hearts on generations that were already there.
  const heartedNew = new Set(plan.generationFavorites.map((f) => f.generation_id));
  const createdIds = new Set(plan.generations.map((g) => g.id));
  for (const generation of file.generations) {
    const id = generationIds.get(generation.id);
    if (generation.favorite && id && !createdIds.has(id) && !heartedNew.has(id)) {
      plan.generationFavorites.push({ generation_id: id });
      heartedNew.add(id);
    }
  }
  return plan;
}

function unstorableReason(found: { path: string; reason: string }): string {
  return found.path ? `its “${found.path}” ${found.reason}.` : `it ${found.reason}.`;
}

/** Rows the plan writes, for progress ("1,200 of 3,400"). */
export function planSize(plan: ImportPlan): number {
  return (
    plan.connections.length +
    plan.models.length +
    plan.favoriteModels.length +
    plan.presets.length +
    plan.generations.length +
    plan.generationFavorites.length +
    plan.collections.length +
    plan.collectionItems.length
  );
}
