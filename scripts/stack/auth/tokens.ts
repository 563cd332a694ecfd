import { randomInt } from 'node:crypto';
import { SignJWT, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { forbidden } from './errors.ts';

/**
 * The claims Supabase Auth puts in an access token, in the order it writes them. PostgREST reads
 * `role`; auth.uid()/auth.jwt() read `sub` and the rest; supabase-js reads `session_id`, `exp`.
 */
export interface AccessTokenClaims {
  iss: string;
  sub: string;
  aud: string;
  exp: number;
  iat: number;
  email: string;
  phone: string;
  app_metadata: Record<string, unknown>;
  user_metadata: Record<string, unknown>;
  role: string;
  aal: 'aal1';
  amr: { method: string; timestamp: number }[];
  session_id: string;
  is_anonymous: boolean;
}

export function secretKey(jwtSecret: string): Uint8Array {
  return new TextEncoder().encode(jwtSecret);
}

export async function signAccessToken(claims: AccessTokenClaims, key: Uint8Array): Promise<string> {
  return new SignJWT(claims as unknown as JWTPayload).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(key);
}

/**
 * Verifies signature and expiry. Failures are 403 bad_jwt with a reason worded like GoTrue's
 * (golang-jwt) so log readers and clients see the same text as on Supabase.
 */
export async function verifyAccessToken(token: string, key: Uint8Array, now: Date): Promise<JWTPayload> {
  try {
    const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'], currentDate: now });
    return payload;
  } catch (error) {
    let reason = 'token is malformed';
    if (error instanceof joseErrors.JWTExpired) reason = 'token has invalid claims: token is expired';
    else if (error instanceof joseErrors.JWTClaimValidationFailed) reason = `token has invalid claims: ${error.message}`;
    else if (error instanceof joseErrors.JWSSignatureVerificationFailed) reason = 'token signature is invalid: signature is invalid';
    else if (error instanceof joseErrors.JOSEAlgNotAllowed) reason = 'token is unverifiable: signing method is invalid';
    throw forbidden('bad_jwt', `invalid JWT: unable to parse or verify signature, ${reason}`);
  }
}

const REFRESH_TOKEN_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** GoTrue's "legacy" refresh tokens (its default algorithm): 12 random lowercase alphanumerics. */
export const REFRESH_TOKEN_PATTERN = /^[a-z0-9]{12}$/;

export function generateRefreshToken(): string {
  let token = '';
  for (let i = 0; i < 12; i++) token += REFRESH_TOKEN_ALPHABET[randomInt(REFRESH_TOKEN_ALPHABET.length)];
  return token;
}
