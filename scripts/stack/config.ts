import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'smol-toml';
import { REPO_ROOT } from './instance.ts';

export const CONFIG_TOML = path.join(REPO_ROOT, 'supabase', 'config.toml');

/** The parts of supabase/config.toml the local stack honours (auth reads its own section). */
export interface ProjectConfig {
  api: { schemas: string[]; extraSearchPath: string[]; maxRows: number };
  /** Origins the browser app is served from: site_url and additional_redirect_urls. */
  appOrigins: string[];
  functions: Record<string, { verifyJwt: boolean; enabled: boolean }>;
}

type Table = Record<string, unknown>;
const table = (value: unknown): Table => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Table) : {});
const strings = (value: unknown, fallback: string[]): string[] =>
  Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : fallback;

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

export function loadProjectConfig(file = CONFIG_TOML): ProjectConfig {
  const raw = parse(fs.readFileSync(file, 'utf8')) as Table;
  const api = table(raw.api);
  const auth = table(raw.auth);
  const functions: ProjectConfig['functions'] = {};
  for (const [name, value] of Object.entries(table(raw.functions))) {
    const fn = table(value);
    // Supabase's defaults: every function is served and verifies the caller's JWT unless told otherwise.
    functions[name] = { verifyJwt: fn.verify_jwt !== false, enabled: fn.enabled !== false };
  }
  const origins = [auth.site_url, ...strings(auth.additional_redirect_urls, [])]
    .filter((u): u is string => typeof u === 'string')
    .map(originOf)
    .filter((o): o is string => o !== undefined);
  return {
    api: {
      schemas: strings(api.schemas, ['public']),
      extraSearchPath: strings(api.extra_search_path, ['public', 'extensions']),
      maxRows: typeof api.max_rows === 'number' ? api.max_rows : 1000,
    },
    appOrigins: [...new Set(origins)],
    functions,
  };
}

/**
 * Re-reads config.toml when it changes (mtime), so `verify_jwt` edits apply without a restart.
 * A file that no longer parses keeps the last good config and says so once.
 */
export function watchedProjectConfig(file = CONFIG_TOML, onError: (message: string) => void = () => {}) {
  let mtime = 0;
  let config = loadProjectConfig(file);
  mtime = fs.statSync(file).mtimeMs;
  return (): ProjectConfig => {
    try {
      const current = fs.statSync(file).mtimeMs;
      if (current !== mtime) {
        mtime = current;
        config = loadProjectConfig(file);
      }
    } catch (error) {
      onError(`supabase/config.toml could not be read, keeping the previous settings: ${(error as Error).message}`);
    }
    return config;
  };
}
