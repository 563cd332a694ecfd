/**
 * Whether a URL points at the user's own machine or network: such servers are out of reach of a
 * hosted backend, so their checks should run in the browser. This is a suggestion for the form, not
 * a security check (the Edge Functions resolve and check every address themselves).
 */

function ipv4Parts(host: string): number[] | null {
  const parts = host.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p))) return null;
  const numbers = parts.map(Number);
  return numbers.every((n) => n <= 255) ? numbers : null;
}

function isPrivateIpv4([a, b]: number[]): boolean {
  return (
    a === 127 || // loopback
    a === 10 ||
    (a === 172 && b !== undefined && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 169 && b === 254) || // link-local
    (a === 100 && b !== undefined && b >= 64 && b <= 127) || // CGNAT, e.g. Tailscale
    a === 0
  );
}

const PRIVATE_SUFFIXES = ['.localhost', '.local', '.lan', '.internal', '.home.arpa', '.home', '.intranet', '.corp'];

export function isPrivateHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (host === '' || host === 'localhost') return true;
  const v4 = ipv4Parts(host);
  if (v4) return isPrivateIpv4(v4);
  if (host.includes(':')) {
    if (host === '::1' || host === '::') return true;
    if (/^f[cd][0-9a-f]{2}:/.test(host)) return true; // unique local fc00::/7
    if (/^fe[89ab][0-9a-f]:/.test(host)) return true; // link-local fe80::/10
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host);
    const mappedParts = mapped?.[1] ? ipv4Parts(mapped[1]) : null;
    return mappedParts ? isPrivateIpv4(mappedParts) : false;
  }
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
