/**
 * The playground's prompt fields. A run on a server only this browser reaches is recorded by the
 * browser itself (a generations row through PostgREST), so the text must be storable before it
 * starts; a run through the generate function is checked there, and its 400 answer, which starts
 * with the field's name, is shown next to that field.
 */
import { z } from 'zod';
import { FunctionError } from '@/lib/edge-functions';
import { storableText } from '@/lib/storable-text';

export type PromptField = 'prompt' | 'system_prompt' | 'model';

const browserRunTextSchema = z.object({
  prompt: z.string().check(storableText('The prompt')),
  system_prompt: z.string().check(storableText('The system prompt')),
});

/** Problems with the typed prompt and system prompt, by field; empty when the run can start. */
export function promptProblems(prompt: string, systemPrompt: string, runsInBrowser: boolean): Partial<Record<PromptField, string>> {
  const problems: Partial<Record<PromptField, string>> = {};
  if (runsInBrowser) {
    const parsed = browserRunTextSchema.safeParse({ prompt, system_prompt: systemPrompt });
    for (const issue of parsed.success ? [] : parsed.error.issues) problems[issue.path[0] as PromptField] ??= issue.message;
  }
  if (prompt.trim() === '') problems.prompt ??= 'Write a prompt first.';
  return problems;
}

/** The field a refused run belongs to: the generate function names it first in its 400 sentences. */
export function runErrorField(error: unknown): PromptField | null {
  if (!(error instanceof FunctionError) || error.status !== 400) return null;
  const field = /^(system_prompt|prompt|model_id)\b/.exec(error.message)?.[1];
  if (field === 'model_id') return 'model';
  return field === 'prompt' || field === 'system_prompt' ? field : null;
}
