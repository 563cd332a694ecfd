/**
 * What the connection functions (lockbox, discovery, health, server-config) need from the outside
 * world, as interfaces, so their logic is tested with in-memory fakes and runs in production on
 * supabase-js (supabase-ports.ts).
 *
 * Two kinds of database access, on purpose:
 * - CallerDb acts with the CALLER's access token: row-level security decides what exists. Every
 *   ownership question ("is this connection yours?") is answered here.
 * - SecretStore acts as service_role, for connection_secrets only (the browser cannot read the
 *   ciphertext). Every method names the owner explicitly, and is called only after CallerDb has
 *   shown that the caller owns the connection.
 */
import type { HealthStatus } from '../core/health.ts';
import type { ModelSyncRow } from '../core/providers/sync-rows.ts';
import type { RuntimeColumns, RuntimePatch, RuntimeRow, RuntimeStatus } from '../core/runtime/state.ts';
import type { Keyring } from '../lockbox/keyring.ts';
import type { ConnectionRow, ProviderKindRow } from '../providers/target.ts';

/** provider_kinds columns the functions read. */
export interface KindRecord extends ProviderKindRow {
  server_key_env: string | null;
  /** ollama or lmstudio when models can be loaded and unloaded on the server. */
  runtime_adapter?: string | null;
  /** How prompts run (openai, anthropic, ollama) and where. */
  chat_adapter?: string | null;
  chat_path?: string | null;
}

/** A generation as the generate function records it when the run starts. */
export interface GenerationInsert {
  connection_id: string;
  preset_id: string | null;
  model_id: string;
  prompt: string;
  system_prompt: string | null;
  parameters: Record<string, string | number>;
  status: 'streaming';
}

/** How a run ended. */
export interface GenerationOutcome {
  output: string;
  status: 'completed' | 'cancelled' | 'error';
  error: string | null;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  latency_ms: number;
  first_token_ms: number | null;
  finished_at: string;
}

/** A connection as the caller's RLS lets them read it, with its kind. */
export interface ConnectionRecord extends ConnectionRow {
  id: string;
  owner_id: string;
  name: string;
  enabled: boolean;
  probe_from: string;
  kind_row: KindRecord;
}

/** One row for health_checks (checked_at and owner_id are filled in by the database). */
export interface HealthCheckInsert {
  connection_id: string;
  status: HealthStatus;
  latency_ms: number | null;
  error: string | null;
  error_code: string | null;
  model_count: number | null;
  source: 'server';
}

/** What sync_connection_models answers. */
export interface SyncSummary {
  connection_id: string;
  added: number;
  updated: number;
  marked_unavailable: number;
  available: number;
  refreshed_at: string;
}

export type { RuntimeColumns, RuntimePatch, RuntimeRow, RuntimeStatus };

/** Database access with the caller's token. */
export interface CallerDb {
  /** The connection if it exists and the caller may read it; null otherwise. */
  getConnection(id: string): Promise<ConnectionRecord | null>;
  /** The caller's connections: those named (missing ones are simply absent), or all of them. */
  listConnections(filter: { ids?: readonly string[] }): Promise<ConnectionRecord[]>;
  syncModels(connectionId: string, models: ModelSyncRow[], complete: boolean): Promise<SyncSummary>;
  recordHealthChecks(rows: HealthCheckInsert[], signal?: AbortSignal): Promise<void>;
  listKinds(): Promise<Array<{ id: string; server_key_env: string | null }>>;
  /** The runtime state stored for the connection's models. */
  listRuntime(connectionId: string): Promise<RuntimeRow[]>;
  /** Stores a model's runtime state (so other devices see it); false when the row is gone. */
  setRuntime(connectionId: string, modelId: string, patch: RuntimePatch): Promise<boolean>;
  /** Records a run as it starts; its id. StoreError not_found when the connection or preset is gone. */
  insertGeneration(row: GenerationInsert): Promise<string>;
  /** Records how the run ended. */
  finishGeneration(id: string, outcome: GenerationOutcome): Promise<void>;
}

/** A connection_secrets row as stored (bytea columns in PostgREST's hex text form). */
export interface StoredSecret {
  connection_id: string;
  ciphertext: string;
  iv: string;
  key_version: number;
}

export interface SecretWrite {
  owner_id: string;
  connection_id: string;
  ciphertext: string;
  iv: string;
  key_version: number;
  hint: string | null;
}

/** connection_secrets through the service role. */
export interface SecretStore {
  /** The stored secrets of `ownerId` among `connectionIds`, by connection id. */
  get(ownerId: string, connectionIds: readonly string[]): Promise<Map<string, StoredSecret>>;
  /** Inserts or replaces. Returns null when the connection no longer exists. */
  put(row: SecretWrite): Promise<{ updated_at: string; hint: string | null; key_version: number } | null>;
  /** Deletes; true when there was a key. */
  remove(ownerId: string, connectionId: string): Promise<boolean>;
}

export type RateLimitDecision =
  | { allowed: true }
  | { allowed: false; retryAfterSeconds: number };

export interface RateLimitGate {
  consume(userId: string, bucket: string, limit: { max: number; windowSeconds: number }): Promise<RateLimitDecision>;
}

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

/** Everything a connection function's handler depends on. */
export interface FunctionDeps {
  /** Function secrets and settings (Deno.env.get in production). */
  env: (name: string) => string | undefined;
  callerDb: (accessToken: string) => CallerDb;
  secrets: SecretStore;
  rateLimit: RateLimitGate;
  /** The lockbox keyring; rejects with LockboxConfigError when LOCKBOX_KEYS is missing or invalid. */
  keyring: () => Promise<Keyring>;
  log: Logger;
  /**
   * Extra options for outbound requests (tests inject a resolver or fetch). Production leaves it
   * empty: the pinned transport and the system resolver.
   */
  fetchOptions?: {
    resolver?: (hostname: string, signal?: AbortSignal) => Promise<string[]>;
    fetch?: typeof fetch;
  };
}

export const consoleLogger: Logger = {
  info: (message) => console.log(message),
  warn: (message) => console.warn(message),
  error: (message, error) => (error === undefined ? console.error(message) : console.error(message, error)),
};

/** A database refusal the handlers turn into an answer (anything else is a 500). */
export class StoreError extends Error {
  constructor(
    /** not_found: the row is gone or not the caller's; rejected: the data broke a rule (message says which). */
    readonly kind: 'not_found' | 'rejected',
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}
