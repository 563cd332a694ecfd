/**
 * Base URLs of model servers, as the person types them: what the database will store
 * (normalizeBaseUrl) and, as a sentence, what it would refuse (baseUrlProblem). Shared by the
 * connection form and every import that creates connections, so they refuse the same addresses
 * with the same words.
 */
import { classifyIp, parseIp } from '@core/ip.ts';
import { isMetadataHost } from '@core/metadata.ts';
import { unstorableTextMessage } from '@/lib/storable-text';

/**
 * Removes surrounding spaces and trailing slashes, and lower-cases the scheme (the database accepts
 * only http:// and https:// in lower case): " HTTP://host:11434/ " -> "http://host:11434".
 */
export function normalizeBaseUrl(value: string): string {
  const trimmed = value.trim().replace(/^[a-z][a-z0-9+.-]*:/i, (scheme) => scheme.toLowerCase());
  return trimmed.replace(/\/+$/, '') || trimmed;
}

/**
 * The host as it was typed ("0xa9fea9fe", "[::ffff:a9fe:a9fe]"), which the URL parser may have
 * rewritten ("169.254.169.254"): the sentence names what the person wrote.
 */
function typedHost(value: string): string {
  const authority = value.replace(/^[a-z][a-z0-9+.-]*:[/\\]*/i, '').split(/[/\\?#]/)[0] ?? '';
  const host = authority.slice(authority.lastIndexOf('@') + 1);
  return host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) || host : host.split(':')[0]!;
}

/**
 * Why a metadata address is refused, naming the host as typed and, when the URL parser reads it
 * as something else, the address it really is. The database refuses the same addresses
 * (connections_base_url_not_metadata); the connections feature shows this same sentence for that
 * refusal.
 */
export function metadataAddressProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (!isMetadataHost(url.hostname)) return null;
  const literal = parseIp(url.hostname);
  const real = (literal && classifyIp(literal).embeddedIPv4) ?? url.hostname;
  const typed = typedHost(value);
  const named = typed.toLowerCase() === real.toLowerCase() || typed === '' ? real : `${typed} (${real})`;
  return `${named} is a cloud metadata address: it hands out the credentials of the machine it runs on, so Switchboard never connects to it. Enter the address of your model server instead.`;
}

/** A sentence saying what is wrong with a base URL, or null when it is fine. */
export function baseUrlProblem(value: string): string | null {
  if (value === '') return "Enter the server's address, like http://localhost:11434.";
  const unstorable = unstorableTextMessage('The address', value);
  if (unstorable) return unstorable;
  if (/\s/.test(value)) return 'The address cannot contain spaces.';
  // "localhost:11434" parses as a URL whose scheme is "localhost:", so look for "://" first.
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return 'Start the address with http:// or https://, like http://localhost:11434.';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'This is not a valid address. Check it for typos.';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'Only http:// and https:// addresses are supported.';
  if (url.username || url.password || /^https?:\/\/[^/?#]*@/i.test(value)) {
    return 'Remove the user name and password from the address; put the key in the API key field instead.';
  }
  if (!url.hostname) return 'The address needs a host name, like localhost or api.example.com.';
  const metadata = metadataAddressProblem(value);
  if (metadata) return metadata;
  if (value.length > 2048) return 'The address is too long (2,048 characters at most).';
  return null;
}
