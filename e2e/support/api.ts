import { testStack } from './stack.ts';

/** Signs in through the auth API (no browser), for seeding a test's data with the user's own rights. */
export async function accessTokenFor(email: string, password: string): Promise<string> {
  const response = await fetch(`${testStack.apiUrl}/auth/v1/token?grant_type=password`, {
    method: 'POST',
    headers: { apikey: testStack.anonKey, 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`Signing in ${email} failed: HTTP ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** Inserts rows through PostgREST as the user (row-level security applies, as in the app). */
export async function insertRows<T>(token: string, table: string, rows: unknown[]): Promise<T[]> {
  const response = await fetch(`${testStack.apiUrl}/rest/v1/${table}`, {
    method: 'POST',
    headers: {
      apikey: testStack.anonKey,
      Authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      Prefer: 'return=representation',
    },
    body: JSON.stringify(rows),
  });
  if (!response.ok) throw new Error(`Inserting into ${table} failed: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T[];
}

/** Calls a database function through PostgREST as the user. */
export async function callRpc<T>(token: string, name: string, args: Record<string, unknown>): Promise<T> {
  const response = await fetch(`${testStack.apiUrl}/rest/v1/rpc/${name}`, {
    method: 'POST',
    headers: { apikey: testStack.anonKey, Authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(args),
  });
  if (!response.ok) throw new Error(`Calling ${name} failed: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}
