import { z } from 'zod';

/**
 * The two values the browser needs to reach a Supabase project. They come from the build environment
 * (Vite's `VITE_*` variables), so the same code runs against `supabase start`, a hosted project or
 * any Supabase-compatible stack: only these values change.
 */
export type EnvVariable = 'VITE_SUPABASE_URL' | 'VITE_SUPABASE_ANON_KEY';

export interface Env {
  VITE_SUPABASE_URL: string;
  VITE_SUPABASE_ANON_KEY: string;
}

export interface EnvProblem {
  variable: EnvVariable;
  /** One sentence saying what is wrong with the value. */
  problem: string;
}

export type EnvResult = { ok: true; env: Env } | { ok: false; problems: EnvProblem[] };

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

function decodeJwtPayload(token: string): Record<string, unknown> | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const json: unknown = JSON.parse(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '=')));
    return typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const supabaseUrl = z
  .string({ error: (issue) => (issue.input === undefined ? 'It is not set.' : 'It must be text.') })
  .trim()
  .min(1, 'It is empty.')
  .superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: `"${value}" is not a URL. It should look like http://127.0.0.1:54321 or https://<project>.supabase.co.` });
      return;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      ctx.addIssue({ code: 'custom', message: `It must start with http:// or https:// (it is "${value}").` });
      return;
    }
    if (/\/(rest|auth|functions)\/v1\/?$/.test(url.pathname)) {
      ctx.addIssue({ code: 'custom', message: `It must be the project URL without ${url.pathname.replace(/\/$/, '')}: use ${url.origin}.` });
    }
  });

const supabaseAnonKey = z
  .string({ error: (issue) => (issue.input === undefined ? 'It is not set.' : 'It must be text.') })
  .trim()
  .min(1, 'It is empty.')
  .superRefine((value, ctx) => {
    // Newer hosted projects also issue publishable keys, which are safe in a browser too.
    if (value.startsWith('sb_publishable_')) return;
    if (value.startsWith('sb_secret_')) {
      ctx.addIssue({ code: 'custom', message: 'This is a secret key. It must never be shipped to a browser: use the anon (public) key.' });
      return;
    }
    const payload = JWT_SHAPE.test(value) ? decodeJwtPayload(value) : null;
    if (!payload) {
      ctx.addIssue({ code: 'custom', message: 'It does not look like a key: the anon key is a JWT, three base64url parts separated by dots (eyJ...).' });
      return;
    }
    if (payload.role === 'service_role') {
      ctx.addIssue({ code: 'custom', message: 'This is the service role key, which bypasses row-level security. It must never be shipped to a browser: use the anon key.' });
    }
  });

const envSchema = z.object({
  VITE_SUPABASE_URL: supabaseUrl,
  VITE_SUPABASE_ANON_KEY: supabaseAnonKey,
});

/** Validates a raw environment; never throws, so the caller can show what is wrong. */
export function parseEnv(source: Record<string, unknown>): EnvResult {
  const result = envSchema.safeParse({
    VITE_SUPABASE_URL: source.VITE_SUPABASE_URL,
    VITE_SUPABASE_ANON_KEY: source.VITE_SUPABASE_ANON_KEY,
  });
  if (result.success) return { ok: true, env: result.data };
  const problems: EnvProblem[] = [];
  for (const issue of result.error.issues) {
    const variable = issue.path[0] as EnvVariable;
    // One sentence per variable is enough to act on.
    if (!problems.some((p) => p.variable === variable)) problems.push({ variable, problem: issue.message });
  }
  return { ok: false, problems };
}

let cached: EnvResult | undefined;

export function readEnv(): EnvResult {
  cached ??= parseEnv(import.meta.env);
  return cached;
}

/** The validated environment. Only call it after `readEnv()` said the environment is valid. */
export function getEnv(): Env {
  const result = readEnv();
  if (!result.ok) {
    throw new Error(`Invalid environment: ${result.problems.map((p) => `${p.variable}: ${p.problem}`).join(' ')}`);
  }
  return result.env;
}
