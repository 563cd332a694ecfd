/**
 * Whether a URL points at the user's own machine or network: such servers are out of reach of a
 * hosted backend, so their checks should run in the browser. This is a suggestion for the form, not
 * a security check (the Edge Functions resolve and check every address themselves). Addresses are
 * read and classified by the core's ip.ts, as the SSRF guard reads them.
 */
import { classifyIp, parseIp, PRIVATE_CATEGORIES } from '@core/ip.ts';

const PRIVATE_SUFFIXES = ['.localhost', '.local', '.lan', '.internal', '.home.arpa', '.home', '.intranet', '.corp'];

export function isPrivateHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host === '' || host === 'localhost') return true;
  const ip = parseIp(host);
  if (ip) return PRIVATE_CATEGORIES.has(classifyIp(ip).category);
  if (host.includes(':')) return false; // not an address, and no name has a colon
  // A single-label name ("nas", "gpu-box") only resolves on a local network.
  if (!host.includes('.')) return true;
  return PRIVATE_SUFFIXES.some((suffix) => host.endsWith(suffix));
}

/** True for http(s) URLs whose host is local or private; false for anything unparsable. */
export function isPrivateUrl(url: string): boolean {
  try {
    const parsed = new URL(url.trim());
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
    return isPrivateHost(parsed.hostname);
  } catch {
    return false;
  }
}

/** The origin a self-hosted server must allow (CORS) for this app's browser checks. */
export function appOrigin(): string {
  return typeof window === 'undefined' ? 'http://localhost:5173' : window.location.origin;
}
