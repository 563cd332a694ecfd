import { HttpError } from './http.ts';

/** Who is calling, as the access token says. */
export interface Caller {
  /** The user's id (`sub`); null for the anon and service_role keys, which name no user. */
  userId: string | null;
  /** anon, authenticated or service_role. */
  role: string;
  email: string | null;
  sessionId: string | null;
  aal: string | null;
  isAnonymous: boolean;
}

export function bearerToken(request: Request): string {
  const header = request.headers.get('Authorization');
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (!match) {
    throw new HttpError(401, 'missing_authorization', 'Send the access token as "Authorization: Bearer <token>".');
  }
  return match[1];
}

function base64UrlDecode(segment: string): string {
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(segment.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** The claims of a JWT, without checking its signature (see callerFromRequest for why that is safe). */
export function decodeClaims(token: string): Record<string, unknown> {
  const parts = token.split('.');
  if (parts.length !== 3) throw new HttpError(401, 'invalid_jwt', 'The access token is not a JWT.');
  let claims: unknown;
  try {
    claims = JSON.parse(base64UrlDecode(parts[1]));
  } catch {
    throw new HttpError(401, 'invalid_jwt', 'The access token is not a JWT.');
  }
  if (!claims || typeof claims !== 'object' || Array.isArray(claims)) {
    throw new HttpError(401, 'invalid_jwt', 'The access token has no claims.');
  }
  return claims as Record<string, unknown>;
}

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);

/**
 * The caller of a function deployed with `verify_jwt = true`: the platform (or the local gateway)
 * has already checked the token's signature and expiry before the request reached the function,
 * so reading the claims is enough. Functions with verify_jwt off must verify tokens themselves.
 */
export function callerFromRequest(request: Request): Caller {
  const claims = decodeClaims(bearerToken(request));
  const role = text(claims.role);
  if (!role) throw new HttpError(401, 'invalid_jwt', 'The access token has no role.');
  return {
    userId: text(claims.sub),
    role,
    email: text(claims.email),
    sessionId: text(claims.session_id),
    aal: text(claims.aal),
    isAnonymous: claims.is_anonymous === true,
  };
}
