/**
 * Text the database can store. A JavaScript string (and JSON) may hold a NUL character or half of
 * a UTF-16 surrogate pair; Postgres text columns refuse both, so a write through PostgREST would
 * fail with a raw database error and the person would not know which field to fix. Every form and
 * file import that writes text refuses such strings first, with a sentence next to the field,
 * through this one check (the rule itself is `@core/text.ts`, shared with the Edge Functions).
 */
import { z } from 'zod';
import { toStorableText, unstorableTextReason } from '@core/text.ts';

/**
 * A sentence saying why `text` cannot be saved, naming it with `label` ("The name", "Its prompt"),
 * or null when it can be.
 */
export function unstorableTextMessage(label: string, text: string): string | null {
  const reason = unstorableTextReason(text);
  return reason ? `${label} ${reason}. Delete it (it may be invisible), then try again.` : null;
}

/**
 * The zod check for text that is written to the database: `z.string().check(storableText('The name'))`.
 * Put it first, so its sentence is the one shown when other checks fail on the same character.
 */
export function storableText(label: string) {
  return z.superRefine<string>((text, ctx) => {
    const message = unstorableTextMessage(label, text);
    if (message) ctx.addIssue({ code: 'custom', message });
  });
}

/**
 * Text fit to show in a sentence about text that cannot be stored: broken characters become the
 * replacement character (U+FFFD), so the sentence itself renders and can be copied.
 */
export function printableText(text: string): string {
  return toStorableText(text, '\uFFFD');
}
