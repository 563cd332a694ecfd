import type { KeySource } from '../types/connections';

/** Key precedence, as the Edge Functions apply it: the user's lockbox key, then a server key, then none. */
export function keySourceOf(
  connectionId: string,
  kind: string,
  storedKeys: ReadonlyMap<string, unknown> | undefined,
  serverKeys: Readonly<Record<string, boolean>> | undefined,
): KeySource {
  if (storedKeys?.has(connectionId)) return 'user';
  if (serverKeys?.[kind]) return 'server';
  return 'none';
}
