/** A database refusal of a preset as a sentence, and the field it belongs to when there is one. */
export function describePresetError(error: unknown, name: string): { field: 'name' | null; message: string } {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  const message = typeof error === 'object' && error !== null ? String((error as { message?: unknown }).message ?? '') : '';
  if (code === '23505') return { field: 'name', message: `You already have a preset named “${name}” (names ignore case). Choose another name.` };
  if (code === '23503') return { field: null, message: 'That connection no longer exists. Pick another one, or none.' };
  if (code === '23514') return { field: null, message: 'A value is outside what a preset allows. Check the ranges next to each field.' };
  // The form refuses such text first; this is for text that slipped past it.
  if (code === '22P05') return { field: null, message: 'Some text contains a character that cannot be stored (a NUL character or a broken Unicode character). Delete it, then try again.' };
  if (/Failed to fetch|NetworkError|Load failed/i.test(message)) return { field: null, message: 'The server could not be reached. Check your connection; nothing you typed is lost.' };
  return { field: null, message: 'The preset could not be saved. Try again.' };
}
