import { z } from 'zod';
import { findUnstorableText } from '@core/text.ts';
import type { CatalogModel } from '../types/catalog';
import type { ModelRef } from './model-key';
import { modelKey } from './model-key';

/**
 * The favorites file: a person's stars as JSON, portable between accounts and deployments.
 * Connections are named, not referenced by id (ids differ in another account); a model is its
 * provider id exactly as listed.
 */

export const FAVORITES_FORMAT = 'switchboard-favorites';
export const FAVORITES_VERSION = 1;
const MAX_ENTRIES = 20_000;

const entrySchema = z.object({
  connection: z.string({ error: 'needs the connection’s name' }).trim().min(1, 'needs the connection’s name').max(100),
  kind: z.string().min(1).optional(),
  model_id: z.string({ error: 'needs the model id' }).min(1, 'needs the model id').max(512),
  starred_at: z.string().nullable().optional(),
});

const fileSchema = z.object({
  format: z.literal(FAVORITES_FORMAT),
  version: z.literal(FAVORITES_VERSION, { error: 'This favorites file was made by a newer version of Switchboard. Update this server, then import it.' }),
  exported_at: z.string(),
  favorites: z.array(z.unknown()).max(MAX_ENTRIES, `A favorites file holds at most ${MAX_ENTRIES.toLocaleString('en')} favorites.`),
});

export type FavoriteEntry = z.infer<typeof entrySchema>;
export interface FavoritesFile {
  format: typeof FAVORITES_FORMAT;
  version: typeof FAVORITES_VERSION;
  exported_at: string;
  favorites: FavoriteEntry[];
}

export function buildFavoritesFile(models: readonly CatalogModel[], exportedAt = new Date()): FavoritesFile {
  const favorites = models
    .filter((model) => model.is_favorite)
    .map((model) => ({ connection: model.connection_name, kind: model.connection_kind, model_id: model.model_id, starred_at: model.favorited_at }))
    .sort((a, b) => a.connection.localeCompare(b.connection) || a.model_id.localeCompare(b.model_id));
  return { format: FAVORITES_FORMAT, version: FAVORITES_VERSION, exported_at: exportedAt.toISOString(), favorites };
}

export function favoritesFileName(file: FavoritesFile): string {
  return `switchboard-favorites-${file.exported_at.slice(0, 10)}.json`;
}

export type ImportStatus = 'starred' | 'already' | 'no-connection' | 'no-model' | 'invalid' | 'duplicate';

export interface ImportLine {
  /** Position in the file, from 1, so a person can find the entry. */
  index: number;
  connection: string;
  model_id: string;
  status: ImportStatus;
  /** Why, as a sentence, for everything that was not starred. */
  reason: string | null;
}

export type ParsedFavorites =
  | { ok: true; entries: { index: number; entry: FavoriteEntry | null; problem: string | null }[]; exportedAt: string }
  | { ok: false; message: string };

/** Reads a favorites file; a wrong file is one sentence, a bad entry is that entry's result. */
export function parseFavoritesFile(text: string): ParsedFavorites {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, message: 'This file is not valid JSON. Choose a file made by “Export favorites”.' };
  }
  if (typeof value !== 'object' || value === null || (value as { format?: unknown }).format !== FAVORITES_FORMAT) {
    return { ok: false, message: 'This is not a Switchboard favorites file. Choose a file made by “Export favorites”.' };
  }
  const file = fileSchema.safeParse(value);
  if (!file.success) {
    const issue = file.error.issues[0];
    const readable = issue?.path[0] === 'version' || (issue?.path[0] === 'favorites' && issue.code === 'too_big');
    return { ok: false, message: readable ? issue.message : 'The favorites file is damaged. Export it again.' };
  }
  const entries = file.data.favorites.map((raw, i) => {
    // Text the database cannot store never names a connection or model the account has.
    const unstorable = findUnstorableText(raw);
    if (unstorable) return { index: i + 1, entry: null, problem: `Entry ${i + 1} has a “${unstorable.path}” that ${unstorable.reason}.` };
    const entry = entrySchema.safeParse(raw);
    return entry.success
      ? { index: i + 1, entry: entry.data, problem: null }
      : { index: i + 1, entry: null, problem: `Entry ${i + 1} ${entry.error.issues[0]?.message.startsWith('needs') ? entry.error.issues[0].message : 'is not a favorite (it needs "connection" and "model_id")'}.` };
  });
  return { ok: true, entries, exportedAt: file.data.exported_at };
}

export interface ImportPlan {
  /** Models to star, each once. */
  toStar: ModelRef[];
  /** One line per file entry; lines for `toStar` say "starred" until the server says otherwise. */
  lines: ImportLine[];
}

/**
 * Matches each entry to the user's catalog by connection name and model id. A model can only be
 * starred if its connection has listed it, so anything else is reported, not sent.
 */
export function planFavoritesImport(parsed: Extract<ParsedFavorites, { ok: true }>, catalog: readonly CatalogModel[]): ImportPlan {
  const connections = new Map<string, string>();
  const models = new Map<string, CatalogModel>();
  for (const model of catalog) {
    connections.set(model.connection_name, model.connection_id);
    models.set(modelKey(model.connection_id, model.model_id), model);
  }
  const seen = new Set<string>();
  const toStar: ModelRef[] = [];
  const lines = parsed.entries.map(({ index, entry, problem }): ImportLine => {
    if (!entry) return { index, connection: '', model_id: '', status: 'invalid', reason: problem };
    const base = { index, connection: entry.connection, model_id: entry.model_id };
    const connectionId = connections.get(entry.connection);
    if (!connectionId) return { ...base, status: 'no-connection', reason: `You have no connection named “${entry.connection}” with models. Add it (or rename yours), refresh its models, then import again.` };
    const key = modelKey(connectionId, entry.model_id);
    const model = models.get(key);
    if (!model) return { ...base, status: 'no-model', reason: `“${entry.connection}” has never listed ${entry.model_id}. Refresh its models, then import again.` };
    if (seen.has(key)) return { ...base, status: 'duplicate', reason: 'Listed twice in the file; starred once.' };
    seen.add(key);
    if (model.is_favorite) return { ...base, status: 'already', reason: null };
    toStar.push({ connection_id: connectionId, model_id: entry.model_id });
    return { ...base, status: 'starred', reason: null };
  });
  return { toStar, lines };
}

/** After the server answered: planned stars it did not add were already favorites (another tab). */
export function settleImport(plan: ImportPlan, added: readonly ModelRef[], catalog: readonly CatalogModel[]): ImportLine[] {
  const addedKeys = new Set(added.map((ref) => modelKey(ref.connection_id, ref.model_id)));
  const connections = new Map(catalog.map((model) => [model.connection_name, model.connection_id]));
  return plan.lines.map((line) => {
    if (line.status !== 'starred') return line;
    const connectionId = connections.get(line.connection);
    return connectionId && addedKeys.has(modelKey(connectionId, line.model_id)) ? line : { ...line, status: 'already' };
  });
}
