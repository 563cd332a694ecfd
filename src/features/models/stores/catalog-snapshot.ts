import { z } from 'zod';
import type { CatalogModel } from '../types/catalog';

/**
 * The last catalog this browser saw, per user, so a reload paints the models page at once and the
 * fetch that follows only corrects it. Like the preferences store it is a cache, never the truth:
 * anything unreadable, outdated or another person's is ignored and the page loads from the server.
 */

export const CATALOG_SNAPSHOT_KEY = 'switchboard.model-catalog';
// Bump when CatalogModel changes shape: older snapshots are dropped, not migrated.
const SNAPSHOT_VERSION = 1;

const nullableNumber = z.number().nullable();
const nullableText = z.string().nullable();
const modelSchema = z.object({
  owner_id: nullableText,
  connection_id: z.string(),
  model_id: z.string(),
  label: z.string(),
  display_name: nullableText,
  context_length: nullableNumber,
  capabilities: z.array(z.string()),
  prompt_price_per_mtok: nullableNumber,
  completion_price_per_mtok: nullableNumber,
  size_bytes: nullableNumber,
  family: nullableText,
  quantization: nullableText,
  parameter_size: nullableText,
  available: z.boolean(),
  enabled: z.boolean(),
  first_seen_at: nullableText,
  last_seen_at: nullableText,
  runtime_status: nullableText,
  runtime_status_at: nullableText,
  last_used_at: nullableText,
  request_count: nullableNumber,
  connection_name: z.string(),
  connection_kind: z.string(),
  connection_category: nullableText,
  connection_enabled: z.boolean(),
  is_favorite: z.boolean(),
  favorited_at: nullableText,
}) satisfies z.ZodType<CatalogModel>;

const snapshotSchema = z.object({
  version: z.literal(SNAPSHOT_VERSION),
  ownerId: z.string(),
  savedAt: z.number(),
  models: z.array(modelSchema),
});

export interface CatalogSnapshot {
  models: CatalogModel[];
  savedAt: number;
}

export function loadCatalogSnapshot(ownerId: string, storage: Storage = localStorage): CatalogSnapshot | null {
  let raw: unknown;
  try {
    const text = storage.getItem(CATALOG_SNAPSHOT_KEY);
    if (text === null) return null;
    raw = JSON.parse(text);
  } catch {
    storage.removeItem(CATALOG_SNAPSHOT_KEY);
    return null;
  }
  const parsed = snapshotSchema.safeParse(raw);
  if (!parsed.success) {
    storage.removeItem(CATALOG_SNAPSHOT_KEY);
    return null;
  }
  // Another person's catalog is never painted; it is replaced at the next save.
  if (parsed.data.ownerId !== ownerId) return null;
  return { models: parsed.data.models, savedAt: parsed.data.savedAt };
}

// The last read, so the query's initialData and its age parse the stored text once, not twice.
let lastRead: { ownerId: string; storage: Storage; snapshot: CatalogSnapshot | null } | null = null;

export function readCatalogSnapshot(ownerId: string, storage: Storage = localStorage): CatalogSnapshot | null {
  if (lastRead?.ownerId !== ownerId || lastRead.storage !== storage) lastRead = { ownerId, storage, snapshot: loadCatalogSnapshot(ownerId, storage) };
  return lastRead.snapshot;
}

export function saveCatalogSnapshot(ownerId: string, models: readonly CatalogModel[], savedAt: number, storage: Storage = localStorage): void {
  lastRead = null;
  try {
    storage.setItem(CATALOG_SNAPSHOT_KEY, JSON.stringify({ version: SNAPSHOT_VERSION, ownerId, savedAt, models }));
  } catch {
    // Over the storage quota (a very large catalog): no snapshot beats a stale one.
    storage.removeItem(CATALOG_SNAPSHOT_KEY);
  }
}

export function clearCatalogSnapshot(storage: Storage = localStorage): void {
  lastRead = null;
  storage.removeItem(CATALOG_SNAPSHOT_KEY);
}
