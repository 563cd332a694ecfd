import { DEFAULT_APP_PATH, paths } from '@/config/paths';

/**
 * Where to go after signing in. Only paths inside this app are followed, so a crafted link
 * (`?redirectTo=https://evil.example` or `//evil.example`) cannot send someone elsewhere.
 */
export function safeRedirectPath(redirectTo: string | null | undefined, fallback: string = DEFAULT_APP_PATH): string {
  if (!redirectTo) return fallback;
  if (!redirectTo.startsWith('/') || redirectTo.startsWith('//') || redirectTo.startsWith('/\\')) return fallback;
  // Browsers drop tabs and newlines from URLs, which can turn a path into something else.
  if ([...redirectTo].some((char) => char.charCodeAt(0) < 0x20)) return fallback;
  try {
    const url = new URL(redirectTo, 'http://app.invalid');
    if (url.origin !== 'http://app.invalid') return fallback;
    // Going back to a sign-in page after signing in would loop.
    if (url.pathname === paths.signIn || url.pathname === paths.signUp) return fallback;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
}

/** The sign-in URL that brings the person back to `path` afterwards. */
export function signInPathFor(path: string, signInPath: string): string {
  return `${signInPath}?${new URLSearchParams({ redirectTo: path }).toString()}`;
}
