import { jwtVerify, type JWTPayload } from 'jose';

/**
 * Verifies HS256 JWTs signed with the project's secret (the API keys and the users' access tokens).
 * The gateway checks a token on every request and clients send the same few tokens over and over,
 * so verified tokens are remembered until they expire.
 */
export function createJwtVerifier(secret: string) {
  const key = new TextEncoder().encode(secret);
  const cache = new Map<string, { payload: JWTPayload; expiresAt: number }>();
  const MAX_ENTRIES = 10_000;

  return async function verify(token: string): Promise<JWTPayload | undefined> {
    const hit = cache.get(token);
    if (hit && hit.expiresAt > Date.now()) return hit.payload;
    try {
      const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'] });
      if (cache.size >= MAX_ENTRIES) cache.clear();
      cache.set(token, { payload, expiresAt: payload.exp ? payload.exp * 1000 : Date.now() + 60_000 });
      return payload;
    } catch {
      cache.delete(token);
      return undefined;
    }
  };
}
