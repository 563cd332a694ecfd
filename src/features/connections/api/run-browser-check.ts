import type { Json } from '@/lib/database.types';
import { supabase } from '@/lib/supabase';
import type { CheckResult, Connection, ProviderKind } from '../types/connections';
import { browserAdapterFor, probeFromBrowser, type ProbeOutcome, type ProbeTarget } from '../utils/browser-probe';
import { appOrigin } from '../utils/network';

export function probeTargetFor(connection: Pick<Connection, 'base_url' | 'models_path'>, kind: ProviderKind): ProbeTarget {
  return {
    kind: kind.id,
    kindLabel: kind.label,
    adapter: browserAdapterFor(kind),
    baseUrl: connection.base_url,
    modelsPath: connection.models_path ?? kind.models_path ?? '/v1/models',
  };
}

/**
 * Records a browser probe the way the Edge Functions record theirs: a health_checks row (which
 * updates the connection's status) and, when the server listed its models, a model sync. A list
 * with unreadable entries is synced as incomplete, so it never marks models unavailable.
 */
export async function recordBrowserCheck(connectionId: string, outcome: ProbeOutcome): Promise<CheckResult> {
  const { data, error } = await supabase
    .from('health_checks')
    .insert({
      connection_id: connectionId,
      status: outcome.status,
      latency_ms: outcome.latencyMs,
      error: outcome.error?.slice(0, 2000) ?? null,
      error_code: outcome.errorCode,
      model_count: outcome.models?.length ?? null,
      source: 'browser',
    })
    .select('checked_at')
    .single();
  if (error) throw error;
  if (outcome.models) {
    const { error: syncError } = await supabase.rpc('sync_connection_models', {
      connection_id: connectionId,
      models: outcome.models as unknown as Json,
      complete: !outcome.partial,
    });
    if (syncError) throw syncError;
  }
  return {
    connectionId,
    status: outcome.status,
    latencyMs: outcome.latencyMs,
    error: outcome.error,
    errorCode: outcome.errorCode,
    modelCount: outcome.models?.length ?? null,
    checkedAt: data.checked_at,
  };
}

/** Probes one connection from this browser and records the result. */
export async function runBrowserCheck(connection: Connection, kind: ProviderKind, signal?: AbortSignal): Promise<CheckResult & { recorded: boolean }> {
  const outcome = await probeFromBrowser(probeTargetFor(connection, kind), {
    signal,
    origin: appOrigin(),
    secureContext: typeof window !== 'undefined' && window.location.protocol === 'https:',
  });
  // A probe its caller cut short says nothing about the server: show it, but keep it out of history.
  if (signal?.aborted) {
    return { connectionId: connection.id, status: outcome.status, latencyMs: null, error: outcome.error, errorCode: outcome.errorCode, checkedAt: new Date().toISOString(), recorded: false };
  }
  return { ...(await recordBrowserCheck(connection.id, outcome)), recorded: true };
}
