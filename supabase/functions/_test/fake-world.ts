/**
 * Test support (not used by the functions): an in-memory stand-in for the database behind the
 * ports, with row-level security's one rule (you see your own rows), and request builders.
 */
import type { ModelSyncRow } from '../_shared/core/providers/sync-rows.ts';
import { findUnstorableText } from '../_shared/core/text.ts';
import { importKeyring, type Keyring, LockboxConfigError } from '../_shared/lockbox/keyring.ts';
import type {
  GenerationInsert,
  GenerationOutcome,
  RuntimePatch,
  RuntimeRow,
  CallerDb,
  ConnectionRecord,
  FunctionDeps,
  HealthCheckInsert,
  KindRecord,
  Logger,
  RateLimitDecision,
  SecretStore,
  StoredSecret,
  SyncSummary,
} from '../_shared/connections/ports.ts';
import { StoreError } from '../_shared/connections/ports.ts';

export const ALICE = '11111111-1111-4111-8111-111111111111';
export const BOB = '22222222-2222-4222-8222-222222222222';

const encode = (value: unknown) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(value))))
    .replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** An (unsigned) access token: the platform verified it before the function runs. */
export function tokenFor(userId: string | null, role = 'authenticated'): string {
  const claims: Record<string, unknown> = { role };
  if (userId) claims.sub = userId;
  return `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}.signature`;
}

export function post(
  userId: string | null,
  body: unknown,
  init: { headers?: Record<string, string>; raw?: string; signal?: AbortSignal; role?: string } = {},
): Request {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...init.headers };
  if (userId !== null || init.role) headers.Authorization = `Bearer ${tokenFor(userId, init.role)}`;
  return new Request('http://functions.local/fn', {
    method: 'POST',
    headers,
    body: init.raw ?? JSON.stringify(body),
    signal: init.signal,
  });
}

export const OLLAMA_KIND: KindRecord = {
  id: 'ollama',
  default_base_url: 'http://localhost:11434',
  models_path: '/api/tags',
  auth_scheme: 'bearer',
  auth_header: null,
  default_headers: {},
  discovery_adapter: 'ollama',
  server_key_env: null,
  runtime_adapter: 'ollama',
  chat_adapter: 'ollama',
  chat_path: '/api/chat',
};

export const LMSTUDIO_KIND: KindRecord = {
  id: 'lmstudio',
  default_base_url: 'http://localhost:1234',
  models_path: '/api/v0/models',
  auth_scheme: 'bearer',
  auth_header: null,
  default_headers: {},
  discovery_adapter: 'lmstudio',
  server_key_env: null,
  runtime_adapter: 'lmstudio',
};

export const OPENAI_KIND: KindRecord = {
  id: 'openai',
  default_base_url: 'https://api.openai.com',
  models_path: '/v1/models',
  auth_scheme: 'bearer',
  auth_header: null,
  default_headers: {},
  discovery_adapter: 'openai',
  server_key_env: 'OPENAI_API_KEY',
  chat_adapter: 'openai',
  chat_path: '/v1/chat/completions',
};

let counter = 0;
export function connection(owner: string, kind: KindRecord, patch: Partial<ConnectionRecord> = {}): ConnectionRecord {
  counter++;
  return {
    id: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    owner_id: owner,
    kind: kind.id,
    name: `Connection ${counter}`,
    base_url: kind.default_base_url,
    models_path: null,
    auth_header: null,
    enabled: true,
    probe_from: 'server',
    kind_row: kind,
    ...patch,
  };
}

/**
 * What Postgres does with text it cannot store (NUL, a lone surrogate): it refuses the whole write
 * with SQLSTATE 22P05, which supabase-ports turns into an unexpected error, a 500. The fake refuses
 * the same way, so a test that lets such text through fails as production would.
 */
function refuseUnstorable(what: string, value: unknown): Promise<never> | null {
  const found = findUnstorableText(value);
  if (!found) return null;
  return Promise.reject(new Error(`${what}: 22P05 unsupported Unicode escape sequence (${found.path || 'value'} ${found.reason})`));
}

/** timestamptz refuses what is not a date, and years written with a sign ("+010000-..."). */
function refuseTimestamps(what: string, values: Array<string | null | undefined>): Promise<never> | null {
  for (const value of values) {
    if (value === null || value === undefined) continue;
    if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(Date.parse(value))) {
      return Promise.reject(new Error(`${what}: 22007 invalid input syntax for type timestamp with time zone: "${value}"`));
    }
  }
  return null;
}

export interface StoredModel extends ModelSyncRow {
  available: boolean;
}

export class FakeWorld {
  readonly connections = new Map<string, ConnectionRecord>();
  readonly secrets = new Map<string, StoredSecret & { owner_id: string; hint: string | null; updated_at: string }>();
  readonly health: Array<HealthCheckInsert & { owner_id: string }> = [];
  readonly models = new Map<string, Map<string, StoredModel>>();
  /** Runtime columns of stored models, by connection then model id. */
  readonly runtime = new Map<string, Map<string, RuntimeRow>>();
  /** Generations recorded through the caller's db, by id. */
  readonly generations = new Map<string, Omit<GenerationInsert, 'status'> & Partial<Omit<GenerationOutcome, 'status'>> & { owner_id: string; status: string }>();
  /** Every runtime write, in order (connection id, model id, what changed). */
  readonly runtimeWrites: Array<{ connectionId: string; modelId: string; patch: RuntimePatch }> = [];
  readonly syncCalls: Array<{ connectionId: string; count: number; complete: boolean }> = [];
  readonly logs: string[] = [];
  rateLimit: (userId: string, bucket: string) => RateLimitDecision = () => ({ allowed: true });
  syncError: StoreError | null = null;
  env: Record<string, string> = { SWITCHBOARD_ALLOW_PRIVATE_ENDPOINTS: 'true' };
  keyring: Promise<Keyring>;

  constructor(keyring?: Promise<Keyring>) {
    this.keyring = keyring ?? testKeyring();
    this.keyring.catch(() => {});
  }

  /** Stores models of a connection as discovery would (idle, available). */
  addRuntimeModels(connectionId: string, modelIds: string[], patch: Partial<RuntimeRow> = {}): void {
    const rows = this.runtime.get(connectionId) ?? new Map<string, RuntimeRow>();
    for (const id of modelIds) {
      rows.set(id, {
        model_id: id,
        size_bytes: null,
        family: null,
        parameter_size: null,
        quantization: null,
        available: true,
        runtime_status: 'idle',
        runtime_status_at: null,
        runtime_error: null,
        runtime_memory_bytes: null,
        runtime_expires_at: null,
        ...patch,
      });
    }
    this.runtime.set(connectionId, rows);
  }

  add(record: ConnectionRecord): ConnectionRecord {
    this.connections.set(record.id, record);
    return record;
  }

  withoutKeyring(): this {
    this.keyring = Promise.reject(new LockboxConfigError('LOCKBOX_KEYS is not set, so API keys cannot be stored.'));
    this.keyring.catch(() => {});
    return this;
  }

  callerDb(userId: string): CallerDb {
    const visible = (id: string) => {
      const c = this.connections.get(id);
      return c && c.owner_id === userId ? c : null;
    };
    return {
      getConnection: (id) => Promise.resolve(visible(id)),
      listConnections: ({ ids }) =>
        Promise.resolve(
          ids
            ? ids.map(visible).filter((c): c is ConnectionRecord => c !== null)
            : [...this.connections.values()].filter((c) => c.owner_id === userId),
        ),
      syncModels: (connectionId, models, complete) => {
        if (this.syncError) return Promise.reject(this.syncError);
        const refused = refuseUnstorable('storing the model list', models);
        if (refused) return refused;
        if (!visible(connectionId)) return Promise.reject(new StoreError('not_found', 'gone'));
        this.syncCalls.push({ connectionId, count: models.length, complete });
        const stored = this.models.get(connectionId) ?? new Map<string, StoredModel>();
        this.models.set(connectionId, stored);
        let added = 0, updated = 0, marked = 0;
        for (const model of models) {
          if (stored.has(model.model_id)) updated++;
          else added++;
          stored.set(model.model_id, { ...model, available: true });
        }
        if (complete) {
          const listed = new Set(models.map((m) => m.model_id));
          for (const [id, model] of stored) {
            if (model.available && !listed.has(id)) {
              model.available = false;
              marked++;
            }
          }
        }
        const summary: SyncSummary = {
          connection_id: connectionId,
          added,
          updated,
          marked_unavailable: marked,
          available: [...stored.values()].filter((m) => m.available).length,
          refreshed_at: new Date().toISOString(),
        };
        return Promise.resolve(summary);
      },
      recordHealthChecks: (rows) => {
        const refused = refuseUnstorable('recording health checks', rows);
        if (refused) return refused;
        for (const row of rows) {
          if (!visible(row.connection_id)) return Promise.reject(new Error('foreign key violation'));
        }
        this.health.push(...rows.map((row) => ({ ...row, owner_id: userId })));
        return Promise.resolve();
      },
      listRuntime: (connectionId) =>
        Promise.resolve(visible(connectionId) ? [...(this.runtime.get(connectionId)?.values() ?? [])].map((row) => ({ ...row })) : []),
      setRuntime: (connectionId, modelId, patch) => {
        const refused = refuseUnstorable('storing the runtime status', { modelId, patch }) ??
          refuseTimestamps('storing the runtime status', [patch.runtime_expires_at, patch.runtime_status_at]);
        if (refused) return refused;
        const row = visible(connectionId) ? this.runtime.get(connectionId)?.get(modelId) : undefined;
        if (!row) return Promise.resolve(false);
        Object.assign(row, patch);
        this.runtimeWrites.push({ connectionId, modelId, patch });
        return Promise.resolve(true);
      },
      insertGeneration: (row) => {
        const refused = refuseUnstorable('recording the generation', row);
        if (refused) return refused;
        if (!visible(row.connection_id)) return Promise.reject(new StoreError('not_found', 'connection gone'));
        const id = crypto.randomUUID();
        this.generations.set(id, { ...row, owner_id: userId });
        return Promise.resolve(id);
      },
      finishGeneration: (id, outcome) => {
        const refused = refuseUnstorable('recording how the generation ended', outcome);
        if (refused) return refused;
        const row = this.generations.get(id);
        if (row && row.owner_id === userId) Object.assign(row, outcome);
        return Promise.resolve();
      },
      listKinds: () =>
        Promise.resolve([OPENAI_KIND, OLLAMA_KIND].map((k) => ({ id: k.id, server_key_env: k.server_key_env }))),
    };
  }

  secretStore(): SecretStore {
    const key = (owner: string, id: string) => `${owner}:${id}`;
    return {
      get: (ownerId, ids) =>
        Promise.resolve(
          new Map(
            ids.map((id) => this.secrets.get(key(ownerId, id))).filter((s) => s !== undefined).map((
              s,
            ) => [s!.connection_id, s!]),
          ),
        ),
      put: (row) => {
        const refused = refuseUnstorable('storing the key', row);
        if (refused) return refused;
        const c = this.connections.get(row.connection_id);
        if (!c || c.owner_id !== row.owner_id) return Promise.resolve(null);
        const stored = { ...row, updated_at: new Date().toISOString() };
        this.secrets.set(key(row.owner_id, row.connection_id), stored);
        return Promise.resolve({ updated_at: stored.updated_at, hint: row.hint, key_version: row.key_version });
      },
      remove: (ownerId, id) => Promise.resolve(this.secrets.delete(key(ownerId, id))),
    };
  }

  deps(extra: Partial<FunctionDeps> = {}): FunctionDeps {
    const log: Logger = {
      info: (m) => this.logs.push(m),
      warn: (m) => this.logs.push(m),
      error: (m, e) => this.logs.push(`${m} ${e instanceof Error ? e.message : e ?? ''}`),
    };
    return {
      env: (name) => this.env[name],
      callerDb: (token) => {
        const claims = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
        return this.callerDb(claims.sub);
      },
      secrets: this.secretStore(),
      rateLimit: { consume: (userId, bucket) => Promise.resolve(this.rateLimit(userId, bucket)) },
      keyring: () => this.keyring,
      log,
      ...extra,
    };
  }
}

/** A keyring with fixed test keys (versions given), newest encrypting. */
export function testKeyring(versions: number[] = [1]): Promise<Keyring> {
  return importKeyring(versions.map((version) => ({
    version,
    bytes: new Uint8Array(32).fill(version),
  })));
}
