/**
 * Is a URL's host a cloud metadata service? Decided without DNS, from the name or the literal
 * address in any spelling a URL parser accepts (2852039166, 0xa9fea9fe, 0251.0376.0251.0376,
 * [::ffff:169.254.169.254], [fd00:ec2:0::254], METADATA.google.internal.), so the form and the
 * database can refuse to save one, and the guard refuses to contact one.
 */
import { classifyIp, parseIp } from './ip.ts';
import { METADATA_HOST_NAMES } from './metadata-list.ts';

const NAMES = new Set(METADATA_HOST_NAMES);
const DOTTED = METADATA_HOST_NAMES.filter((name) => name.includes('.'));

export function isMetadataHostName(host: string): boolean {
  const name = host.toLowerCase().replace(/\.+$/, '');
  return NAMES.has(name) || DOTTED.some((m) => name.endsWith(`.${m}`));
}

/** True for a metadata host name or a literal address that is (or embeds) a metadata address. */
export function isMetadataHost(hostname: string): boolean {
  const bare = hostname.replace(/^\[|\]$/g, '');
  if (isMetadataHostName(bare)) return true;
  const literal = parseIp(hostname);
  return literal !== null && classifyIp(literal).category === 'metadata';
}
