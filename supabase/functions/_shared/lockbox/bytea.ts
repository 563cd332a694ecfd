/**
 * PostgreSQL bytea in its text form, as PostgREST reads and writes it: "\x" followed by hex.
 * The lockbox columns (ciphertext, iv) travel this way between the Edge Functions and the table.
 */

export function toByteaHex(bytes: Uint8Array): string {
  let hex = '\\x';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/** Parses "\x0a1b..." (any case). Throws on anything else, e.g. the legacy escape format. */
export function fromByteaHex(text: string): Uint8Array<ArrayBuffer> {
  if (!/^\\x([0-9a-fA-F]{2})*$/.test(text)) throw new TypeError('Expected bytea in hex format ("\\x...")');
  const bytes = new Uint8Array((text.length - 2) / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(text.slice(2 + i * 2, 4 + i * 2), 16);
  return bytes;
}
