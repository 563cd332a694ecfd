/**
 * What the in-browser benchmarks share: the bench stack's API, a user, the production build served
 * for the bench instance, and Debian's Chromium signed in as that user.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { REPO_ROOT, resolveInstance } from '../stack/instance.ts';

export const instance = resolveInstance('bench');
export const PASSWORD = 'bench-Pass-1';

export const fmt = (n: number | undefined, digits = 1) => (n !== undefined && Number.isFinite(n) ? n.toFixed(digits) : '-');
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}
export const summary = (values: number[]) => ({ n: values.length, p50: percentile(values, 50), p95: percentile(values, 95), max: Math.max(...values) });

/** A call to the bench stack's API (as the anon key, or as a user's token); JSON back, or a thrown error. */
export async function api(pathname: string, init: RequestInit & { token?: string } = {}): Promise<unknown> {
  const headers = new Headers(init.headers);
  if (!headers.has('apikey')) headers.set('apikey', instance.anonKey);
  headers.set('content-type', 'application/json');
  if (init.token) headers.set('Authorization', `Bearer ${init.token}`);
  const response = await fetch(`${instance.apiUrl}${pathname}`, { ...init, headers });
  if (!response.ok) throw new Error(`${pathname}: HTTP ${response.status} ${await response.text()}`);
  const text = await response.text();
  return text ? (JSON.parse(text) as unknown) : null;
}

/** A confirmed user, signed in: its email and access token. */
export async function createBenchUser(label: string): Promise<{ email: string; token: string }> {
  const email = `bench-${label}-${randomUUID()}@example.com`;
  await api('/auth/v1/admin/users', {
    method: 'POST',
    headers: { apikey: instance.serviceRoleKey, Authorization: `Bearer ${instance.serviceRoleKey}` },
    body: JSON.stringify({ email, password: PASSWORD, email_confirm: true }),
  });
  const { access_token: token } = (await api('/auth/v1/token?grant_type=password', { method: 'POST', body: JSON.stringify({ email, password: PASSWORD }) })) as { access_token: string };
  return { email, token };
}

async function run(command: string, args: string[], env: Record<string, string>): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited ${code}`))));
  });
}

export interface ServedApp {
  url: string;
  stop(): void;
}

/** Builds the app for the bench instance and serves it (vite preview) on `port`. */
export async function serveApp(port: number, options: { minify?: boolean } = {}): Promise<ServedApp> {
  const outDir = path.join('node_modules', '.cache', 'switchboard-bench-dist');
  const env = { VITE_SUPABASE_URL: instance.apiUrl, VITE_SUPABASE_ANON_KEY: instance.anonKey };
  await run('npx', ['vite', 'build', '--logLevel', 'error', '--outDir', outDir, '--emptyOutDir', ...(options.minify === false ? ['--minify', 'false'] : [])], env);
  const child: ChildProcess = spawn('npx', ['vite', 'preview', '--outDir', outDir, '--host', '127.0.0.1', '--port', String(port), '--strictPort'], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: 'ignore', detached: true });
  const url = `http://127.0.0.1:${port}`;
  const stop = () => {
    if (child.pid) process.kill(-child.pid, 'SIGTERM');
  };
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(url)).ok) return { url, stop };
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  stop();
  throw new Error('vite preview did not start');
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

/** A page signed in as `email`, on the Connections page. */
export async function signedInPage(browser: Browser, appUrl: string, email: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  // tsx compiles the benchmarks with esbuild's keepNames, which wraps the functions passed to
  // page.evaluate in a __name() helper that only exists in Node: give the page a no-op one.
  await page.addInitScript('window.__name = (fn) => fn;');
  await page.goto(`${appUrl}/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Connections' }).waitFor();
  return page;
}

/** A server-probed Ollama connection at `baseUrl` for the user, with its models discovered; its id. */
export async function createDiscoveredOllama(token: string, baseUrl: string): Promise<string> {
  const [connection] = (await api('/rest/v1/connections', {
    method: 'POST',
    token,
    headers: { Prefer: 'return=representation' },
    body: JSON.stringify({ name: 'Bench Ollama', kind: 'ollama', base_url: baseUrl, probe_from: 'server' }),
  })) as { id: string }[];
  await api('/functions/v1/discovery', { method: 'POST', token, body: JSON.stringify({ connection_id: connection!.id }) });
  return connection!.id;
}
