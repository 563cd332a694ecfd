import { loadProjectConfig } from '../config.ts';
import { REPO_ROOT, type StackInstance } from '../instance.ts';
import { resolvePostgrestBinary } from '../postgrest-binary.ts';
import { markerEnv } from '../processes.ts';
import type { ProcessSpec } from './managed-process.ts';

/** PostgREST configured as Supabase configures it, from supabase/config.toml's [api] section. */
export function postgrestSpec(instance: StackInstance): ProcessSpec {
  const { api } = loadProjectConfig();
  // graphql_public is listed by default but needs pg_graphql, which Debian does not ship; a
  // schema that does not exist would only produce errors.
  const schemas = api.schemas.filter((s) => s !== 'graphql_public');
  return {
    command: resolvePostgrestBinary(),
    args: [],
    cwd: REPO_ROOT,
    env: {
      ...markerEnv(instance),
      PGRST_DB_URI: `postgres://authenticator:postgres@127.0.0.1:${instance.dbPort}/postgres`,
      PGRST_DB_SCHEMAS: (schemas.length ? schemas : ['public']).join(','),
      PGRST_DB_EXTRA_SEARCH_PATH: api.extraSearchPath.join(','),
      PGRST_DB_MAX_ROWS: String(api.maxRows),
      PGRST_DB_ANON_ROLE: 'anon',
      PGRST_JWT_SECRET: instance.jwtSecret,
      // Without an audience PostgREST accepts any `aud`; Supabase's tokens carry "authenticated".
      PGRST_JWT_AUD: 'authenticated',
      // Lets `Prefer: tx=rollback` work (otherwise a rollback is silently committed).
      PGRST_DB_TX_END: 'commit-allow-override',
      PGRST_APP_SETTINGS_JWT_SECRET: instance.jwtSecret,
      PGRST_APP_SETTINGS_JWT_EXP: '3600',
      PGRST_SERVER_HOST: '127.0.0.1',
      PGRST_SERVER_PORT: String(instance.postgrestPort),
      PGRST_ADMIN_SERVER_PORT: String(instance.postgrestAdminPort),
      PGRST_LOG_LEVEL: 'error',
    },
  };
}

/** /ready on the admin port: connected to Postgres and the schema cache is loaded. */
export async function postgrestReady(instance: StackInstance): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${instance.postgrestAdminPort}/ready`, { signal: AbortSignal.timeout(1000) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}
