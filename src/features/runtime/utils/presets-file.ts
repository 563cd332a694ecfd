import { z } from 'zod';
import { printableText } from '@/lib/storable-text';
import { presetValuesSchema, type PresetValues } from './preset-schema';

/**
 * The presets file: presets as JSON, portable between accounts. A preset names its connection
 * (ids differ elsewhere); an import matches it by name, and keeps the preset without a connection
 * when none matches.
 */
export const PRESETS_FORMAT = 'switchboard-presets';
export const PRESETS_VERSION = 1;

export interface PresetRecord extends PresetValues {
  id: string;
}

export interface ExportedPreset extends Omit<PresetValues, 'connection_id'> {
  connection: string | null;
}

export interface PresetsFile {
  format: typeof PRESETS_FORMAT;
  version: typeof PRESETS_VERSION;
  exported_at: string;
  presets: ExportedPreset[];
}

export function buildPresetsFile(presets: readonly PresetRecord[], connectionNames: ReadonlyMap<string, string>, exportedAt = new Date()): PresetsFile {
  return {
    format: PRESETS_FORMAT,
    version: PRESETS_VERSION,
    exported_at: exportedAt.toISOString(),
    presets: presets.map(({ id: _id, connection_id, ...rest }) => ({ ...rest, connection: connection_id ? (connectionNames.get(connection_id) ?? null) : null })),
  };
}

const entrySchema = presetValuesSchema.omit({ connection_id: true }).extend({ connection: z.string().nullable().optional() }).partial({
  model_id: true,
  temperature: true,
  top_p: true,
  max_tokens: true,
  context_length: true,
  system_prompt: true,
  keep_alive: true,
});

export type PresetImportStatus = 'created' | 'exists' | 'invalid' | 'duplicate';

export interface PresetImportLine {
  index: number;
  name: string;
  status: PresetImportStatus;
  /** Why, or a remark (e.g. the connection was not found). */
  note: string | null;
}

export type PresetImportPlan =
  | { ok: false; message: string }
  | { ok: true; toCreate: { index: number; values: PresetValues }[]; lines: PresetImportLine[] };

/** Reads a presets file and decides, per entry, what an import does. */
export function planPresetsImport(text: string, existingNames: readonly string[], connectionsByName: ReadonlyMap<string, string>): PresetImportPlan {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, message: 'This file is not valid JSON. Choose a file made by “Export presets”.' };
  }
  const file = raw as { format?: unknown; version?: unknown; presets?: unknown };
  if (typeof raw !== 'object' || raw === null || file.format !== PRESETS_FORMAT) return { ok: false, message: 'This is not a Switchboard presets file. Choose a file made by “Export presets”.' };
  if (file.version !== PRESETS_VERSION) return { ok: false, message: 'This presets file was made by a newer version of Switchboard. Update this server, then import it.' };
  if (!Array.isArray(file.presets)) return { ok: false, message: 'The presets file is damaged (it has no list of presets). Export it again.' };

  const taken = new Set(existingNames.map((n) => n.toLowerCase()));
  const seen = new Set<string>();
  const toCreate: { index: number; values: PresetValues }[] = [];
  const lines = file.presets.map((item, i): PresetImportLine => {
    const index = i + 1;
    const parsed = entrySchema.safeParse(item);
    const name = typeof (item as { name?: unknown })?.name === 'string' ? printableText((item as { name: string }).name) : `Entry ${index}`;
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { index, name, status: 'invalid', note: `${issue?.path.join('.') || 'entry'}: ${issue?.message ?? 'not valid'}` };
    }
    const key = parsed.data.name.toLowerCase();
    if (taken.has(key)) return { index, name: parsed.data.name, status: 'exists', note: 'You already have a preset with this name; it was left as it is.' };
    if (seen.has(key)) return { index, name: parsed.data.name, status: 'duplicate', note: 'Listed twice in the file; imported once.' };
    seen.add(key);
    const { connection, ...rest } = parsed.data;
    const connectionId = connection ? (connectionsByName.get(connection) ?? null) : null;
    toCreate.push({
      index,
      values: { model_id: null, temperature: null, top_p: null, max_tokens: null, context_length: null, system_prompt: null, keep_alive: null, ...rest, connection_id: connectionId },
    });
    return { index, name: parsed.data.name, status: 'created', note: connection && !connectionId ? `No connection named “${connection}”: imported without one; pick it when you edit the preset.` : null };
  });
  return { ok: true, toCreate, lines };
}
