/**
 * The account export file, `switchboard-export` version 1: everything a person made (connections
 * without keys, their models with favorites and enabled flags, presets, generations with hearts,
 * collections with the generations they hold), as one JSON document. Ids are the exporting
 * account's; an import gives every row a new id and rewires the references.
 */
import { z } from 'zod';

const id = z.guid('Expected an id (a UUID).');
const nullableText = z.string().nullable();
const jsonObject = z.record(z.string(), z.unknown());

export const exportedModelSchema = z.object({
  model_id: z.string().min(1).max(512),
  display_name: nullableText,
  context_length: z.number().int().positive().nullable(),
  capabilities: z.array(z.string()),
  prompt_price_per_mtok: z.number().nonnegative().nullable(),
  completion_price_per_mtok: z.number().nonnegative().nullable(),
  size_bytes: z.number().int().nonnegative().nullable(),
  family: nullableText,
  quantization: nullableText,
  parameter_size: nullableText,
  details: jsonObject,
  available: z.boolean(),
  /** The user's preference: shown in the picker. */
  enabled: z.boolean(),
  /** Starred. */
  favorite: z.boolean(),
});

export const exportedConnectionSchema = z.object({
  id,
  kind: z.string().min(1),
  name: z.string().min(1).max(100),
  base_url: z.string().min(1),
  models_path: nullableText,
  auth_header: nullableText,
  enabled: z.boolean(),
  probe_from: z.enum(['server', 'browser']),
  created_at: z.string(),
  models: z.array(exportedModelSchema),
});

export const exportedPresetSchema = z.object({
  id,
  name: z.string().min(1).max(100),
  connection_id: id.nullable(),
  model_id: nullableText,
  temperature: z.number().nullable(),
  top_p: z.number().nullable(),
  max_tokens: z.number().int().nullable(),
  context_length: z.number().int().nullable(),
  system_prompt: nullableText,
  keep_alive: nullableText,
});

export const exportedGenerationSchema = z.object({
  id,
  connection_id: id.nullable(),
  connection_name: nullableText,
  connection_kind: nullableText,
  preset_id: id.nullable(),
  model_id: z.string().min(1),
  prompt: z.string().min(1),
  system_prompt: nullableText,
  output: z.string(),
  parameters: jsonObject,
  prompt_tokens: z.number().int().nullable(),
  completion_tokens: z.number().int().nullable(),
  latency_ms: z.number().int().nullable(),
  first_token_ms: z.number().int().nullable(),
  status: z.enum(['pending', 'streaming', 'completed', 'cancelled', 'error']),
  error: nullableText,
  created_at: z.string(),
  finished_at: nullableText,
  /** Hearted. */
  favorite: z.boolean(),
});

export const exportedCollectionSchema = z.object({
  id,
  title: z.string().min(1).max(100),
  description: nullableText,
  created_at: z.string(),
  /** The generations it holds, by their id in this file. */
  generation_ids: z.array(id),
});

export const EXPORT_FORMAT = 'switchboard-export';
export const EXPORT_VERSION = 1;

export const exportFileSchema = z.object({
  format: z.literal(EXPORT_FORMAT, { error: 'This is not a Switchboard export file.' }),
  version: z.literal(EXPORT_VERSION, { error: 'This export was made by a newer version of Switchboard. Update this server, then import it.' }),
  exported_at: z.string(),
  connections: z.array(exportedConnectionSchema),
  presets: z.array(exportedPresetSchema),
  generations: z.array(exportedGenerationSchema),
  collections: z.array(exportedCollectionSchema),
});

export type ExportFile = z.infer<typeof exportFileSchema>;
export type ExportedConnection = z.infer<typeof exportedConnectionSchema>;
export type ExportedModel = z.infer<typeof exportedModelSchema>;
export type ExportedPreset = z.infer<typeof exportedPresetSchema>;
export type ExportedGeneration = z.infer<typeof exportedGenerationSchema>;
export type ExportedCollection = z.infer<typeof exportedCollectionSchema>;

export type ParsedExport = { ok: true; file: ExportFile } | { ok: false; message: string };

/** Reads an export file's text; a wrong file is a sentence, not an exception. */
export function parseExportText(text: string): ParsedExport {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, message: 'This file is not valid JSON. Choose a file made by “Export my data”.' };
  }
  const result = exportFileSchema.safeParse(value);
  if (result.success) return { ok: true, file: result.data };
  const issue = result.error.issues[0];
  if (issue && (issue.path[0] === 'format' || issue.path[0] === 'version') && issue.path.length === 1) return { ok: false, message: issue.message };
  if (typeof value !== 'object' || value === null || (value as { format?: unknown }).format !== EXPORT_FORMAT) {
    return { ok: false, message: 'This is not a Switchboard export file. Choose a file made by “Export my data”.' };
  }
  const where = issue ? issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('') : '';
  return { ok: false, message: `The file is damaged: ${where.replace(/^\./, '') || 'its content'} is not valid (${issue?.message ?? 'unknown problem'}). Export it again.` };
}
