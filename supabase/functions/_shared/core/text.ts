/**
 * Text that PostgreSQL cannot store. A `text` column refuses the NUL character (SQLSTATE 22P05 when
 * it arrives as the JSON escape \u0000) and JSON with a UTF-16 surrogate that has no partner
 * ("\ud800" alone): both are legal in a JavaScript string and in JSON, so they pass every
 * type check and only fail when the row is written. Refuse them where the text comes in.
 */

// A high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

/** Why `text` cannot be stored, as the end of a sentence ("contains ..."), or null when it can. */
export function unstorableTextReason(text: string): string | null {
  if (text.includes('\u0000')) return 'contains a NUL character (\\u0000), which cannot be stored';
  if (LONE_SURROGATE.test(text)) {
    return 'contains a broken Unicode character (a lone UTF-16 surrogate), which cannot be stored';
  }
  return null;
}

export function isStorableText(text: string): boolean {
  return unstorableTextReason(text) === null;
}

/**
 * `text` made storable, for text nobody typed (a provider's output, model names, quoted error
 * messages): refusing it would lose everything around one bad character. NUL carries nothing
 * visible and is dropped (or replaced by `nulReplacement`, to show where it was); a lone surrogate
 * is half a character and becomes U+FFFD, the replacement character a decoder shows for any
 * broken byte sequence.
 */
export function toStorableText(text: string, nulReplacement = ''): string {
  if (isStorableText(text)) return text;
  return text.replaceAll('\u0000', nulReplacement).replace(LONE_SURROGATES, '\uFFFD');
}

/**
 * The first string inside a JSON value that cannot be stored, with its path ("messages[2].content").
 * Object keys count too: they end up in error messages and jsonb columns.
 */
export function findUnstorableText(value: unknown, path = ''): { path: string; reason: string } | null {
  if (typeof value === 'string') {
    const reason = unstorableTextReason(value);
    return reason ? { path, reason } : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnstorableText(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      // A bad key is not echoed back: the path names where it is, not what it is.
      const keyReason = unstorableTextReason(key);
      if (keyReason) return { path, reason: `has a field name that ${keyReason}` };
      const childPath = path ? `${path}.${key}` : key;
      const found = findUnstorableText(child, childPath);
      if (found) return found;
    }
  }
  return null;
}
