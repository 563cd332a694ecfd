/**
 * The configuration older versions kept in the browser (localStorage `local-openai-models`): a JSON
 * array of `{ name, baseUrl, apiKey?, isActive, availableModels? }`. Parsing and planning are pure;
 * api/import-legacy-config.ts carries the plan out.
 */
import { z } from 'zod';
import { findUnstorableText } from '@core/text.ts';
import { printableText } from '@/lib/storable-text';
import type { ProbeFrom, ProviderKind, SyncModel } from '../types/connections';
import { baseUrlProblem, normalizeBaseUrl } from '@/lib/base-url';
import { connectionNameSchema } from './connection-schema';
import { guessKind } from './kind-guess';
import { isPrivateUrl } from './network';

export const LEGACY_STORAGE_KEY = 'local-openai-models';

const legacyModelSchema = z.union([
  z.string(),
  z.looseObject({ id: z.string().optional(), name: z.string().optional(), model: z.string().optional() }),
]);

export const legacyEntrySchema = z.object({
  name: z.string({ error: (issue) => (issue.input === undefined ? 'It has no "name".' : '"name" must be text.') }),
  baseUrl: z.string({ error: (issue) => (issue.input === undefined ? 'It has no "baseUrl".' : '"baseUrl" must be text.') }),
  apiKey: z.string({ error: '"apiKey" must be text.' }).nullish(),
  isActive: z.boolean({ error: '"isActive" must be true or false.' }).nullish(),
  availableModels: z.array(legacyModelSchema, { error: '"availableModels" must be a list of model names.' }).nullish(),
});

export type LegacyEntry = z.infer<typeof legacyEntrySchema>;

export type LegacyParseResult = { ok: true; entries: unknown[] } | { ok: false; message: string };

/**
 * Reads pasted or uploaded text: the array itself, the array as a JSON string (how localStorage holds
 * it, so a copy from the browser's dev tools may be quoted), or an object keyed by the storage key.
 */
export function parseLegacyText(text: string): LegacyParseResult {
  if (text.trim() === '') return { ok: false, message: 'Paste the configuration, or choose the file that holds it.' };
  let value: unknown;
  try {
    value = JSON.parse(text);
    if (typeof value === 'string') value = JSON.parse(value);
  } catch {
    return { ok: false, message: 'This is not valid JSON. Copy the whole value of "local-openai-models", starting with [ and ending with ].' };
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && LEGACY_STORAGE_KEY in value) {
    value = (value as Record<string, unknown>)[LEGACY_STORAGE_KEY];
    if (typeof value === 'string') {
      try {
        value = JSON.parse(value);
      } catch {
        return { ok: false, message: `The value of "${LEGACY_STORAGE_KEY}" is not valid JSON.` };
      }
    }
  }
  if (!Array.isArray(value)) {
    return { ok: false, message: 'Expected a list of connections (a JSON array starting with [), as older versions stored it.' };
  }
  if (value.length === 0) return { ok: false, message: 'The list is empty: there is nothing to import.' };
  if (value.length > 500) return { ok: false, message: 'The list has more than 500 entries. Split it and import the parts one at a time.' };
  return { ok: true, entries: value };
}

export interface PlannedConnection {
  name: string;
  kind: string;
  base_url: string;
  enabled: boolean;
  probe_from: ProbeFrom;
}

export type PlannedEntry =
  | { index: number; label: string; outcome: 'create'; connection: PlannedConnection; apiKey: string | null; models: SyncModel[] }
  | { index: number; label: string; outcome: 'skipped' | 'rejected'; reason: string };

type KindFacts = Pick<ProviderKind, 'id' | 'label' | 'category' | 'default_base_url'>;

function labelOf(raw: unknown, index: number): string {
  const name = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>).name : undefined;
  return typeof name === 'string' && name.trim() !== '' ? printableText(name.trim()) : `Entry ${index + 1}`;
}

function modelIds(models: LegacyEntry['availableModels']): SyncModel[] {
  const seen = new Set<string>();
  const result: SyncModel[] = [];
  for (const model of models ?? []) {
    const id = typeof model === 'string' ? model : (model.id ?? model.model ?? model.name);
    if (typeof id !== 'string' || id === '' || [...id].length > 512 || seen.has(id)) continue;
    seen.add(id);
    const displayName = typeof model === 'object' && typeof model.name === 'string' && model.name.trim() !== '' ? model.name.trim() : undefined;
    result.push(displayName && displayName !== id ? { model_id: id, display_name: displayName.slice(0, 512) } : { model_id: id });
  }
  return result.slice(0, 20_000);
}

/**
 * Decides, entry by entry, what an import will do: create a connection (kind guessed from the URL,
 * checks from the browser for local/private servers), skip it (its name is taken, by an existing
 * connection or an earlier entry, compared as the database does: case-insensitively) or reject it
 * (with the reason: text the database cannot store, a base URL the form would refuse, such as a
 * cloud metadata address).
 */
export function planLegacyImport(entries: readonly unknown[], existingNames: readonly string[], kinds: readonly KindFacts[]): PlannedEntry[] {
  const existing = new Set(existingNames.map((name) => name.toLowerCase()));
  const inFile = new Set<string>();
  const kindsById = new Map(kinds.map((k) => [k.id, k]));
  return entries.map((raw, index): PlannedEntry => {
    const label = labelOf(raw, index);
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      return { index, label, outcome: 'rejected', reason: 'It is not a connection (an object with a name and a baseUrl).' };
    }
    const parsed = legacyEntrySchema.safeParse(raw);
    if (!parsed.success) {
      return { index, label, outcome: 'rejected', reason: parsed.error.issues[0]?.message ?? 'It is not a valid connection.' };
    }
    // Postgres cannot store a NUL or half a surrogate pair, wherever it is (name, URL, key, models).
    const unstorable = findUnstorableText(parsed.data);
    if (unstorable) return { index, label, outcome: 'rejected', reason: `Its “${unstorable.path}” ${unstorable.reason}.` };
    const entry = parsed.data;
    const name = connectionNameSchema.safeParse(entry.name);
    if (!name.success) {
      return { index, label, outcome: 'rejected', reason: name.error.issues[0]?.message ?? 'Its name is not valid.' };
    }
    const baseUrl = normalizeBaseUrl(entry.baseUrl);
    const problem = baseUrlProblem(baseUrl);
    if (problem) return { index, label, outcome: 'rejected', reason: `Its base URL “${entry.baseUrl}” is not usable: ${problem.charAt(0).toLowerCase()}${problem.slice(1)}` };
    const apiKey = entry.apiKey?.trim() || null;
    if (apiKey && apiKey.length > 4096) return { index, label, outcome: 'rejected', reason: 'Its API key is longer than 4,096 characters.' };

    const lower = name.data.toLowerCase();
    if (existing.has(lower)) {
      return { index, label, outcome: 'skipped', reason: `You already have a connection named “${name.data}”.` };
    }
    if (inFile.has(lower)) {
      return { index, label, outcome: 'skipped', reason: `An earlier entry in this file is also named “${name.data}”.` };
    }
    inFile.add(lower);

    const kind = guessKind(baseUrl, kinds);
    const selfHosted = (kindsById.get(kind)?.category ?? 'self_hosted') === 'self_hosted';
    return {
      index,
      label,
      outcome: 'create',
      connection: {
        name: name.data,
        kind,
        base_url: baseUrl,
        enabled: entry.isActive ?? true,
        probe_from: selfHosted && isPrivateUrl(baseUrl) ? 'browser' : 'server',
      },
      apiKey,
      models: modelIds(entry.availableModels),
    };
  });
}
