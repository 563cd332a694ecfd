/**
 * The production implementations of ports.ts on supabase-js: CallerDb with the caller's access
 * token (RLS applies), SecretStore and the rate-limit RPC with the service role.
 */
import { createClient, type SupabaseClient } from 'npm:@supabase/supabase-js@2.109.0';
import { HttpError } from '../http.ts';
import type { ConsumeRpc } from './rate-limit-gate.ts';
import {
  type CallerDb,
  type ConnectionRecord,
  type RuntimeRow,
  type SecretStore,
  type StoredSecret,
  StoreError,
  type SyncSummary,
} from './ports.ts';

const CLIENT_OPTIONS = { auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false } };

const CONNECTION_COLUMNS = 'id, owner_id, kind, name, base_url, models_path, auth_header, enabled, probe_from, ' +
  'kind_row:provider_kinds(id, default_base_url, models_path, auth_scheme, auth_header, default_headers, ' +
  'discovery_adapter, server_key_env, runtime_adapter, chat_adapter, chat_path)';

/**
 * Ids per `in.(...)` filter: the list travels in the URL, and 100 uuids (~3.7 kB) stay far below
 * the request-line limits of gateways and Node (16 kB).
 */
const IDS_PER_QUERY = 100;

interface PostgrestFailure {
  message: string;
  code?: string;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

/** A database error that is not the caller's doing: a 500 (logged), except an expired session. */
function fail(what: string, error: PostgrestFailure, status?: number): never {
  if (status === 401 || error.code === 'PGRST301' || error.code === 'PGRST303') {
    throw new HttpError(401, 'unauthorized', 'Your session has expired or is not valid. Sign in again.');
  }
  throw new Error(`${what}: ${error.code ?? ''} ${error.message}`.trim());
}

export interface SupabaseSettings {
  url: string;
  anonKey: string;
  serviceRoleKey: string;
}

/** Reads SUPABASE_URL, SUPABASE_ANON_KEY and SUPABASE_SERVICE_ROLE_KEY (injected by the platform). */
export function supabaseSettings(env: (name: string) => string | undefined): SupabaseSettings {
  const url = env('SUPABASE_URL');
  const anonKey = env('SUPABASE_ANON_KEY');
  const serviceRoleKey = env('SUPABASE_SERVICE_ROLE_KEY');
  if (!url || !anonKey || !serviceRoleKey) {
    throw new Error('SUPABASE_URL, SUPABASE_ANON_KEY and SUPABASE_SERVICE_ROLE_KEY must be set');
  }
  return { url, anonKey, serviceRoleKey };
}

export function callerClient(settings: SupabaseSettings, accessToken: string): SupabaseClient {
  return createClient(settings.url, settings.anonKey, {
    ...CLIENT_OPTIONS,
    global: { headers: { Authorization: `Bearer ${accessToken}` } },
  });
}

export function serviceClient(settings: SupabaseSettings): SupabaseClient {
  return createClient(settings.url, settings.serviceRoleKey, CLIENT_OPTIONS);
}

export function supabaseCallerDb(client: SupabaseClient): CallerDb {
  return {
    async getConnection(id) {
      const { data, error, status } = await client.from('connections').select(CONNECTION_COLUMNS).eq('id', id)
        .maybeSingle();
      if (error) fail('reading the connection', error, status);
      return (data as ConnectionRecord | null) ?? null;
    },

    async listConnections({ ids }) {
      if (ids) {
        const found: ConnectionRecord[] = [];
        for (const part of chunks(ids, IDS_PER_QUERY)) {
          const { data, error, status } = await client.from('connections').select(CONNECTION_COLUMNS).in('id', part);
          if (error) fail('reading connections', error, status);
          found.push(...(data as unknown as ConnectionRecord[]));
        }
        return found;
      }
      const { data, error, status } = await client.from('connections').select(CONNECTION_COLUMNS)
        .order('name', { ascending: true }).order('id', { ascending: true }).limit(1000);
      if (error) fail('reading connections', error, status);
      return data as unknown as ConnectionRecord[];
    },

    async syncModels(connectionId, models, complete) {
      const { data, error, status } = await client.rpc('sync_connection_models', {
        connection_id: connectionId,
        models,
        complete,
      });
      if (error) {
        if (error.code === 'PT404') throw new StoreError('not_found', error.message);
        if (error.code === '22023' || error.code === '23514') throw new StoreError('rejected', error.message);
        fail('storing the model list', error, status);
      }
      return data as SyncSummary;
    },

    async recordHealthChecks(rows, signal) {
      if (rows.length === 0) return;
      let query = client.from('health_checks').insert(rows);
      if (signal) query = query.abortSignal(signal);
      const { error, status } = await query;
      // The connection was deleted meanwhile (composite foreign key): nothing to record it on.
      if (error && error.code === '23503') return;
      if (error) fail('recording health checks', error, status);
    },

    async listRuntime(connectionId) {
      const { data, error, status } = await client.from('models')
        .select('model_id, size_bytes, family, parameter_size, quantization, available, runtime_status, runtime_status_at, runtime_error, runtime_memory_bytes, runtime_expires_at')
        .eq('connection_id', connectionId)
        .limit(20_000);
      if (error) fail('reading the runtime status', error, status);
      return (data ?? []) as RuntimeRow[];
    },

    async setRuntime(connectionId, modelId, patch) {
      const { data, error, status } = await client.from('models').update(patch).eq('connection_id', connectionId).eq('model_id', modelId)
        .select('model_id');
      if (error) {
        if (error.code === '23514') throw new StoreError('rejected', error.message);
        fail('storing the runtime status', error, status);
      }
      return (data ?? []).length > 0;
    },

    async insertGeneration(row) {
      const { data, error, status } = await client.from('generations').insert(row).select('id').single();
      if (error) {
        if (error.code === '23503') throw new StoreError('not_found', error.message);
        if (error.code === '23514') throw new StoreError('rejected', error.message);
        fail('recording the generation', error, status);
      }
      return (data as { id: string }).id;
    },

    async finishGeneration(id, outcome) {
      const { error, status } = await client.from('generations').update(outcome).eq('id', id);
      if (error) fail('recording how the generation ended', error, status);
    },

    async listKinds() {
      const { data, error, status } = await client.from('provider_kinds').select('id, server_key_env')
        .order('sort_order', { ascending: true });
      if (error) fail('reading provider kinds', error, status);
      return data as Array<{ id: string; server_key_env: string | null }>;
    },
  };
}

export function supabaseSecretStore(service: SupabaseClient): SecretStore {
  return {
    async get(ownerId, connectionIds) {
      const found = new Map<string, StoredSecret>();
      for (const part of chunks(connectionIds, IDS_PER_QUERY)) {
        const { data, error, status } = await service.from('connection_secrets')
          .select('connection_id, ciphertext, iv, key_version')
          .eq('owner_id', ownerId)
          .in('connection_id', part);
        if (error) fail('reading stored keys', error, status);
        for (const row of data as StoredSecret[]) found.set(row.connection_id, row);
      }
      return found;
    },

    async put(row) {
      const { data, error, status } = await service.from('connection_secrets')
        .upsert(row, { onConflict: 'owner_id,connection_id' })
        .select('updated_at, hint, key_version')
        .single();
      // The connection is gone (composite foreign key to connections).
      if (error?.code === '23503') return null;
      if (error) fail('storing the key', error, status);
      return data as { updated_at: string; hint: string | null; key_version: number };
    },

    async remove(ownerId, connectionId) {
      const { data, error, status } = await service.from('connection_secrets')
        .delete()
        .eq('owner_id', ownerId)
        .eq('connection_id', connectionId)
        .select('connection_id');
      if (error) fail('removing the key', error, status);
      return (data ?? []).length > 0;
    },
  };
}

export function supabaseConsumeRpc(service: SupabaseClient): ConsumeRpc {
  return async (args) => {
    const { data, error } = await service.rpc('consume_rate_limit', args);
    if (error) throw new Error(`${error.code ?? ''} ${error.message}`.trim());
    return data as { allowed: boolean; retry_after_seconds: number };
  };
}
