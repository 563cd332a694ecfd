/**
 * Model search that ignores case and separators, so "gpt4o" finds "gpt-4o" and "llama 3.1" finds
 * "llama3.1:8b". Each query word must appear somewhere (in any order), which is what lets
 * "claude sonnet" find "claude-3-5-sonnet". Keys are computed once per model, so filtering thousands
 * of models per keystroke is a substring test per word and nothing else.
 */

const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{N}]+/gu;
const COMBINING_MARKS = /\p{M}+/gu;
// Cannot occur in a normalized word, so no query word can match across two fields.
const FIELD_SEPARATOR = '|';

/** Lowercase, accents folded, everything but letters and digits removed. */
export function normalizeSearchText(text: string): string {
  return text.normalize('NFKD').replace(COMBINING_MARKS, '').toLowerCase().replace(NOT_LETTER_OR_DIGIT, '');
}

/** The precomputed key of one item: its searchable fields, normalized and kept apart. */
export function buildSearchKey(fields: readonly (string | null | undefined)[]): string {
  return fields
    .filter((field): field is string => typeof field === 'string' && field !== '')
    .map(normalizeSearchText)
    .join(FIELD_SEPARATOR);
}

export interface ModelSearchFields {
  model_id: string;
  display_name?: string | null;
  connection_name?: string | null;
}

export function modelSearchKey(model: ModelSearchFields): string {
  return buildSearchKey([model.model_id, model.display_name, model.connection_name]);
}

/** The words a key must all contain; empty when the query has no letters or digits. */
export function parseSearchQuery(query: string): string[] {
  return query
    .split(/\s+/)
    .map(normalizeSearchText)
    .filter((word) => word !== '');
}

export function matchesSearchKey(key: string, words: readonly string[]): boolean {
  return words.every((word) => key.includes(word));
}

/**
 * Precomputes every item's key once; the returned function filters by a query. An empty query
 * returns the input array itself, so memoized consumers do not re-render.
 */
export function createSearchIndex<T>(items: readonly T[], keyOf: (item: T) => string): (query: string) => readonly T[] {
  const keys = items.map(keyOf);
  return (query) => {
    const words = parseSearchQuery(query);
    if (words.length === 0) return items;
    return items.filter((_, index) => matchesSearchKey(keys[index] ?? '', words));
  };
}
