import type { HealthStatus } from '@core/health.ts';
import type { ModelSyncRow } from '@core/providers/sync-rows.ts';
import type { Tables } from '@/lib/database.types';

export type Connection = Tables<'connections'>;
export type ProviderKind = Tables<'provider_kinds'>;
export type ConnectionKey = Tables<'connection_keys'>;
export type HealthCheck = Tables<'health_checks'>;
export type Model = Tables<'models'>;
export type AuditEvent = Tables<'audit_events'>;

export type { HealthStatus };
export type ProbeFrom = 'server' | 'browser';

/** What the server-config function says the deployment provides. */
export interface ServerConfig {
  /** Kinds whose key the deployment supplies from its function secrets. */
  serverKeys: Record<string, boolean>;
  /** Whether Edge Functions may reach private (localhost/LAN) addresses. */
  allowPrivateEndpoints: boolean;
  /** False when the lockbox has no master key, so keys cannot be stored; null when not reported. */
  lockboxAvailable: boolean | null;
  /** False when the function could not be reached: the two facts above are then unknown. */
  available: boolean;
}

export type KeySource = 'user' | 'server' | 'none';

/** One health check result, however it was obtained (health function or browser probe). */
export interface CheckResult {
  connectionId: string;
  status: HealthStatus;
  latencyMs: number | null;
  error?: string | null;
  errorCode?: string | null;
  modelCount?: number | null;
  checkedAt: string;
}

/**
 * A model as sync_connection_models accepts it (the core's row, which browser probes produce);
 * capabilities may be left out where only ids are known (legacy imports).
 */
export type SyncModel = Omit<ModelSyncRow, 'capabilities'> & Partial<Pick<ModelSyncRow, 'capabilities'>>;
