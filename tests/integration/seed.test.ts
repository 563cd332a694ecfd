/**
 * supabase/seed.sql through the real path: the demo account documented in docs/demo-account.md
 * signs in through the auth service and reads its data through PostgREST and RLS, as the app
 * does after `npm run dev`. Read-only: other suites may rely on the demo data.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { SupabaseClient } from '@supabase/supabase-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../scripts/stack/instance.ts';
import { anonKey, createClientAs } from './support/stack.ts';

/** The credentials as the docs give them, so the docs and the seed cannot drift apart. */
function documentedAccount(): { email: string; password: string } {
  const doc = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'demo-account.md'), 'utf8');
  const row = /^\|\s*`([^`]+@[^`]+)`\s*\|\s*`([^`]+)`\s*\|$/m.exec(doc);
  if (!row) throw new Error('docs/demo-account.md has no "| `email` | `password` |" row');
  return { email: row[1]!, password: row[2]! };
}

const account = documentedAccount();
let demo: SupabaseClient;
let demoId: string;

beforeAll(async () => {
  demo = createClientAs(anonKey);
  const { data, error } = await demo.auth.signInWithPassword(account);
  if (error || !data.session) throw new Error(`The demo account cannot sign in: ${error?.message}`);
  demoId = data.user.id;
});

describe('the demo account', () => {
  it('is the documented address, confirmed, with an email identity', async () => {
    const { data, error } = await demo.auth.getUser();
    expect(error).toBeNull();
    expect(account.email).toBe('demo@switchboard.local');
    expect(data.user).toMatchObject({ id: demoId, email: account.email, role: 'authenticated', aud: 'authenticated' });
    expect(data.user?.email_confirmed_at).toBeTruthy();
    expect(data.user?.identities?.map((i) => i.provider)).toEqual(['email']);
  });

  it('refuses a wrong password like any account (the stored hash is real bcrypt)', async () => {
    const { data, error } = await createClientAs(anonKey).auth.signInWithPassword({ email: account.email, password: `${account.password}-wrong` });
    expect(data.session).toBeNull();
    expect(error).toMatchObject({ status: 400, code: 'invalid_credentials' });
  });

  it('has a local Ollama probed from the browser and two cloud connections without keys', async () => {
    const connections = await demo.from('connections').select('name, kind, base_url, probe_from, model_count, owner_id').order('name');
    expect(connections.error).toBeNull();
    expect(connections.data).toEqual([
      { name: 'Ollama on this computer', kind: 'ollama', base_url: 'http://localhost:11434', probe_from: 'browser', model_count: 6, owner_id: demoId },
      { name: 'OpenAI', kind: 'openai', base_url: 'https://api.openai.com', probe_from: 'server', model_count: 12, owner_id: demoId },
      { name: 'OpenRouter', kind: 'openrouter', base_url: 'https://openrouter.ai', probe_from: 'server', model_count: 13, owner_id: demoId },
    ]);
    const keys = await demo.from('connection_keys').select('connection_id');
    expect(keys).toMatchObject({ error: null, data: [] });
  });

  it('sees its models in the catalog, ids exactly as each provider names them, with favorites flagged', async () => {
    const catalog = await demo.from('model_catalog').select('connection_name, model_id, available, enabled, is_favorite, prompt_price_per_mtok');
    expect(catalog.error).toBeNull();
    const rows = catalog.data!;
    expect(rows).toHaveLength(32);
    const find = (connection: string, model: string) => rows.find((r) => r.connection_name === connection && r.model_id === model);
    expect(find('OpenAI', 'gpt-4.1')).toBeDefined();
    expect(find('OpenRouter', 'openai/gpt-4o')).toMatchObject({ prompt_price_per_mtok: 2.5 });
    expect(find('Ollama on this computer', 'llama3.2:3b')).toMatchObject({ available: true, enabled: true });
    expect(rows.filter((r) => r.is_favorite).map((r) => r.model_id).sort()).toEqual([
      'anthropic/claude-2.1',
      'anthropic/claude-3.5-sonnet',
      'gpt-4.1-mini',
      'llama3.2:3b',
    ]);
    // A starred model the provider stopped listing stays, marked unavailable.
    expect(find('OpenRouter', 'anthropic/claude-2.1')).toMatchObject({ available: false, is_favorite: true });
    expect(rows.filter((r) => !r.enabled)).toHaveLength(8);
  });

  it('has saved preferences (revision 1) and presets', async () => {
    const prefs = await demo.rpc('get_model_preferences');
    expect(prefs.error).toBeNull();
    expect(prefs.data.revision).toBe(1);
    expect(prefs.data.models).toHaveLength(32);
    const presets = await demo.from('model_presets').select('name').order('name');
    expect(presets.data?.map((p) => p.name)).toEqual(['Haiku poet', 'Local coder', 'Quick answers']);
  });

  it('lists its generations newest first, with hearts and collections', async () => {
    const page = await demo.rpc('list_generations', { page_size: 50 });
    expect(page.error).toBeNull();
    expect(page.data).toHaveLength(8);
    expect(page.data[0]).toMatchObject({ model_id: 'google/gemini-2.0-flash-001', connection_name: 'OpenRouter', status: 'completed' });
    expect(page.data.map((g: { status: string }) => g.status).sort()).toEqual(['cancelled', 'completed', 'completed', 'completed', 'completed', 'completed', 'completed', 'error']);

    const hearted = await demo.rpc('list_generations', { favorites_only: true });
    expect(hearted.data).toHaveLength(3);

    const collections = await demo.from('collections_with_counts').select('title, item_count').order('title');
    expect(collections).toMatchObject({ error: null, data: [{ title: 'Code snippets', item_count: 1 }, { title: 'Haiku', item_count: 2 }] });
  });

  it('has a day of health history behind each connection\'s status', async () => {
    const checks = await demo.from('health_checks').select('connection_id', { count: 'exact', head: true });
    expect(checks).toMatchObject({ error: null, count: 72 });
    const statuses = await demo.from('connections').select('name, health_status').order('name');
    expect(statuses.data).toEqual([
      { name: 'Ollama on this computer', health_status: 'healthy' },
      { name: 'OpenAI', health_status: 'unhealthy' },
      { name: 'OpenRouter', health_status: 'healthy' },
    ]);
  });
});
