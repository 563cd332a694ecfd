import { describe, expect, it } from 'vitest';
import { parseEnv } from './env';

// Shaped like real keys; the signature is never checked in the browser.
const jwt = (payload: object) => `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.${btoa(JSON.stringify(payload)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')}.c2ln`;
const anonKey = jwt({ iss: 'supabase-demo', role: 'anon', exp: 1983812996 });

describe('parseEnv', () => {
  it('accepts a project URL and an anon key', () => {
    expect(parseEnv({ VITE_SUPABASE_URL: 'http://127.0.0.1:54321', VITE_SUPABASE_ANON_KEY: anonKey })).toEqual({
      ok: true,
      env: { VITE_SUPABASE_URL: 'http://127.0.0.1:54321', VITE_SUPABASE_ANON_KEY: anonKey },
    });
  });

  it('accepts a hosted project with a publishable key, trimming stray whitespace', () => {
    const result = parseEnv({ VITE_SUPABASE_URL: ' https://abc.supabase.co ', VITE_SUPABASE_ANON_KEY: 'sb_publishable_abc123\n' });
    expect(result).toEqual({ ok: true, env: { VITE_SUPABASE_URL: 'https://abc.supabase.co', VITE_SUPABASE_ANON_KEY: 'sb_publishable_abc123' } });
  });

  it('names every missing variable', () => {
    const result = parseEnv({});
    expect(result).toEqual({
      ok: false,
      problems: [
        { variable: 'VITE_SUPABASE_URL', problem: 'It is not set.' },
        { variable: 'VITE_SUPABASE_ANON_KEY', problem: 'It is not set.' },
      ],
    });
  });

  it.each([
    ['', 'It is empty.'],
    ['localhost:54321', 'It must start with http:// or https://'],
    ['not a url', 'is not a URL'],
    ['http://127.0.0.1:54321/rest/v1', 'without /rest/v1: use http://127.0.0.1:54321'],
  ])('explains why the URL %j is wrong', (url, explanation) => {
    const result = parseEnv({ VITE_SUPABASE_URL: url, VITE_SUPABASE_ANON_KEY: anonKey });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]?.variable).toBe('VITE_SUPABASE_URL');
    expect(result.problems[0]?.problem).toContain(explanation);
  });

  it.each([
    ['your-anon-key', 'does not look like a key'],
    [jwt({ role: 'service_role' }), 'service role key'],
    ['sb_secret_abc', 'secret key'],
  ])('explains why the key %j is wrong', (key, explanation) => {
    const result = parseEnv({ VITE_SUPABASE_URL: 'http://127.0.0.1:54321', VITE_SUPABASE_ANON_KEY: key });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([{ variable: 'VITE_SUPABASE_ANON_KEY', problem: expect.stringContaining(explanation) }]);
  });
});
