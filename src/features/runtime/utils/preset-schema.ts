import { z } from 'zod';
import { KEEP_ALIVE } from '@core/chat/keep-alive.ts';
import { storableText } from '@/lib/storable-text';

/**
 * A model preset ("config"): the parameters a run starts from. The same ranges as the table's
 * check constraints (model_presets), so the form says what is wrong before the database would.
 */

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

export const presetNameSchema = z
  .string()
  .check(storableText('The name'))
  .trim()
  .min(1, 'Give the preset a name.')
  .max(100, 'Keep the name under 100 characters.')
  .refine((name) => !CONTROL.test(name), 'The name cannot contain control characters.');

/** The parameters, typed; null means "the server's default". */
export const presetValuesSchema = z.object({
  name: presetNameSchema,
  connection_id: z.guid().nullable(),
  model_id: z.string().check(storableText('The model id')).trim().min(1).max(512, 'A model id is at most 512 characters.').nullable(),
  temperature: z.number().min(0, 'Temperature goes from 0 to 2.').max(2, 'Temperature goes from 0 to 2.').nullable(),
  top_p: z.number().min(0, 'Top P goes from 0 to 1.').max(1, 'Top P goes from 0 to 1.').nullable(),
  max_tokens: z.int('Max tokens is a whole number.').min(1, 'Max tokens must be at least 1.').max(1_000_000, 'Max tokens is at most 1,000,000.').nullable(),
  context_length: z.int('Context length is a whole number.').min(1, 'Context length must be at least 1.').max(10_000_000, 'Context length is at most 10,000,000.').nullable(),
  system_prompt: z.string().check(storableText('The system prompt')).max(100_000, 'The system prompt is at most 100,000 characters.').nullable(),
  keep_alive: z.string().trim().max(32).regex(KEEP_ALIVE, 'Keep alive is a duration such as 5m, 1h or -1 (forever).').nullable(),
});
export type PresetValues = z.infer<typeof presetValuesSchema>;

/** The form's fields as typed (text inputs); empty means "not set". */
export type PresetFormValues = {
  name: string;
  connection_id: string;
  model_id: string;
  temperature: string;
  top_p: string;
  max_tokens: string;
  context_length: string;
  system_prompt: string;
  keep_alive: string;
};

const optionalNumber = (message: string) =>
  z
    .string()
    .trim()
    .transform((text, ctx) => {
      if (text === '') return null;
      const value = Number(text);
      if (!Number.isFinite(value)) {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
      return value;
    });

/** Text fields -> PresetValues, with every problem named next to its field. */
export const presetFormSchema: z.ZodType<PresetValues, PresetFormValues> = z
  .object({
    name: z.string(),
    connection_id: z.string().transform((id) => (id === '' ? null : id)),
    model_id: z.string().transform((id) => (id.trim() === '' ? null : id.trim())),
    temperature: optionalNumber('Temperature is a number from 0 to 2.'),
    top_p: optionalNumber('Top P is a number from 0 to 1.'),
    max_tokens: optionalNumber('Max tokens is a whole number.'),
    context_length: optionalNumber('Context length is a whole number.'),
    system_prompt: z.string().transform((text) => (text === '' ? null : text)),
    keep_alive: z.string().transform((text) => (text.trim() === '' ? null : text.trim())),
  })
  .pipe(presetValuesSchema) as unknown as z.ZodType<PresetValues, PresetFormValues>;

export function toFormValues(preset: Partial<PresetValues> | null): PresetFormValues {
  const text = (value: string | number | null | undefined) => (value === null || value === undefined ? '' : String(value));
  return {
    name: text(preset?.name),
    connection_id: text(preset?.connection_id),
    model_id: text(preset?.model_id),
    temperature: text(preset?.temperature),
    top_p: text(preset?.top_p),
    max_tokens: text(preset?.max_tokens),
    context_length: text(preset?.context_length),
    system_prompt: text(preset?.system_prompt),
    keep_alive: text(preset?.keep_alive),
  };
}

/** "Mine (copy)", then "Mine (copy 2)", ...: a name no existing preset has, whatever the case. */
export function copyName(name: string, taken: readonly string[]): string {
  const used = new Set(taken.map((n) => n.toLowerCase()));
  const base = name.replace(/ \(copy(?: \d+)?\)$/, '');
  for (let n = 1; ; n++) {
    const candidate = `${base} (copy${n === 1 ? '' : ` ${n}`})`.slice(0, 100);
    if (!used.has(candidate.toLowerCase())) return candidate;
  }
}
