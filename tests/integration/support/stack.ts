/**
 * The integration suite's view of its stack instance (started by global-setup.ts): `test` unless
 * STACK_INSTANCE names another (never `dev`), its URLs and keys, and helpers to act as anon,
 * service_role or a real signed-in user.
 */
import { randomInt, randomUUID } from 'node:crypto';
import pg from 'pg';
import { createClient, type Session, type SupabaseClient, type User } from '@supabase/supabase-js';
import { resolveInstance } from '../../../scripts/stack/instance.ts';

export const instance = resolveInstance(suiteInstanceName());

export function suiteInstanceName(): string {
  const name = process.env.STACK_INSTANCE ?? 'test';
  // The suite wipes its instance; a developer's data is not test data.
  if (name === 'dev') throw new Error('The integration suite never runs against the dev stack; use STACK_INSTANCE=test (default) or bench.');
  return name;
}
export const apiUrl = instance.apiUrl;
export const anonKey = instance.anonKey;
export const serviceRoleKey = instance.serviceRoleKey;
export const jwtSecret = instance.jwtSecret;
export const dbUrl = instance.dbUrl;
export const restUrl = `${apiUrl}/rest/v1`;
export const functionsUrl = `${apiUrl}/functions/v1`;
/** PostgREST itself, behind the gateway (for comparisons; clients always go through the gateway). */
export const postgrestUrl = `http://127.0.0.1:${instance.postgrestPort}`;

// Auth rate-limits per client address (the first X-Forwarded-For entry). Each client gets its own
// address from 198.18.0.0/15 (reserved for benchmarking, never a real peer), so the suite's many
// sign-ins never share a bucket unless a test shares one on purpose.
const subnet = `198.19.${randomInt(256)}`;
let hosts = 0;
export const freshIp = () => `${subnet}.${(hosts++ % 254) + 1}`;

export interface ClientOptions {
  /** Act as this user: an access token sent as the Authorization bearer. */
  accessToken?: string;
  /** The client address auth sees; a fresh one per client by default. */
  ip?: string;
}

/**
 * A supabase-js client for the test stack. `key` is the apikey (anon by default, or
 * serviceRoleKey). Sessions live in memory only and never refresh on their own, so tests decide
 * when tokens change.
 */
export function createClientAs(key: string = anonKey, options: ClientOptions = {}): SupabaseClient {
  const headers: Record<string, string> = { 'X-Forwarded-For': options.ip ?? freshIp() };
  if (options.accessToken) headers.Authorization = `Bearer ${options.accessToken}`;
  return createClient(apiUrl, key, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    global: { headers },
  });
}

export const newEmail = (label = 'user') => `${label}-${randomUUID()}@example.com`;
export const TEST_PASSWORD = 'integration-Pass-1';

export interface TestUser {
  user: User;
  email: string;
  password: string;
  session: Session;
  /** Signed in as this user (anon apikey + the user's session). */
  client: SupabaseClient;
}

/** Creates a confirmed user through the admin API (as a service-role key does) and signs it in. */
export async function createTestUser(options: { email?: string; password?: string; data?: Record<string, unknown> } = {}): Promise<TestUser> {
  const email = options.email ?? newEmail();
  const password = options.password ?? TEST_PASSWORD;
  const admin = createClientAs(serviceRoleKey);
  const created = await admin.auth.admin.createUser({ email, password, email_confirm: true, user_metadata: options.data });
  if (created.error) throw new Error(`createTestUser: admin.createUser failed: ${created.error.message}`);
  const client = createClientAs(anonKey);
  const signedIn = await client.auth.signInWithPassword({ email, password });
  if (signedIn.error || !signedIn.data.session) throw new Error(`createTestUser: sign-in failed: ${signedIn.error?.message}`);
  return { user: created.data.user, email, password, session: signedIn.data.session, client };
}

/** A direct Postgres connection as `postgres` (bypasses the API: setup, teardown, assertions). */
export async function connectDb(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  return client;
}

export async function withDb<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await connectDb();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** An Ollama connection of `user` at `baseUrl`, probed from the server, with its models discovered. */
export async function createDiscoveredOllama(user: TestUser, baseUrl: string, name = 'Lab Ollama'): Promise<string> {
  const created = await user.client.from('connections').insert({ name, kind: 'ollama', base_url: baseUrl, probe_from: 'server' }).select('id').single();
  if (created.error) throw created.error;
  const id = created.data.id as string;
  const discovered = await fetch(`${functionsUrl}/discovery`, {
    method: 'POST',
    headers: { apikey: anonKey, Authorization: `Bearer ${user.session.access_token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ connection_id: id }),
  });
  if (discovered.status !== 200) throw new Error(`discovery answered ${discovered.status}: ${await discovered.text()}`);
  return id;
}
