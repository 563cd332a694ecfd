import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Json } from '@/lib/database.types';
import { supabase } from '@/lib/supabase';
import { describeError, isPostgrestError } from '@/lib/errors';
import { describeConnectionSaveError } from '../utils/errors';
import { plural } from '@/lib/format';
import type { PlannedEntry } from '../utils/legacy-import';
import { insertConnection } from './create-connection';
import { connectionKeys } from './keys';
import { setConnectionKey } from './set-connection-key';

export interface ImportResult {
  index: number;
  label: string;
  outcome: 'created' | 'skipped' | 'rejected';
  /** Why it was skipped or rejected, or what came with a created connection. */
  detail: string;
  /** Something went half-wrong for a created connection (its key or models). */
  warning?: string;
  connectionId?: string;
  /** For created connections: the guessed kind and where its checks run. */
  kind?: string;
  probeFrom?: 'server' | 'browser';
}

export interface ImportProgress {
  done: number;
  total: number;
}

/**
 * Carries out an import plan one entry at a time: the connection row, then its key (lockbox), then
 * its remembered models (as an incomplete list, so nothing is marked unavailable). A failure of one
 * entry never stops the others.
 */
export async function importLegacyConfig(plan: readonly PlannedEntry[], onProgress?: (progress: ImportProgress) => void): Promise<ImportResult[]> {
  const results: ImportResult[] = [];
  const total = plan.length;
  for (const entry of plan) {
    if (entry.outcome !== 'create') {
      results.push({ index: entry.index, label: entry.label, outcome: entry.outcome, detail: entry.reason });
      onProgress?.({ done: results.length, total });
      continue;
    }
    const { connection, apiKey, models } = entry;
    let id: string;
    try {
      id = (await insertConnection({ ...connection, models_path: null, auth_header: null })).id;
    } catch (error) {
      if (isPostgrestError(error) && error.code === '23505') {
        results.push({ index: entry.index, label: entry.label, outcome: 'skipped', detail: `You already have a connection named “${connection.name}”.` });
      } else {
        results.push({ index: entry.index, label: entry.label, outcome: 'rejected', detail: describeConnectionSaveError(error, connection.name, connection.base_url).message });
      }
      onProgress?.({ done: results.length, total });
      continue;
    }
    const notes: string[] = [];
    const warnings: string[] = [];
    if (apiKey) {
      try {
        await setConnectionKey({ connectionId: id, apiKey });
        notes.push('key stored on the server');
      } catch (error) {
        warnings.push(`Its key was not stored: ${describeError(error, 'the lockbox refused it')} Add it on the connection's page.`);
      }
    }
    if (models.length > 0) {
      const { error } = await supabase.rpc('sync_connection_models', { connection_id: id, models: models as unknown as Json, complete: false });
      if (error) warnings.push(`Its ${plural(models.length, 'model')} could not be added: ${describeError(error, 'the list was refused')}`);
      else notes.push(plural(models.length, 'model'));
    }
    results.push({
      index: entry.index,
      label: entry.label,
      outcome: 'created',
      detail: [connection.probe_from === 'browser' ? 'checked from this browser' : null, connection.enabled ? null : 'disabled', ...notes].filter(Boolean).join(' · '),
      kind: connection.kind,
      probeFrom: connection.probe_from,
      warning: warnings.length ? warnings.join(' ') : undefined,
      connectionId: id,
    });
    onProgress?.({ done: results.length, total });
  }
  return results;
}

export function useImportLegacyConfig(onProgress?: (progress: ImportProgress) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (plan: readonly PlannedEntry[]) => importLegacyConfig(plan, onProgress),
    onSettled: () => queryClient.invalidateQueries({ queryKey: connectionKeys.all }),
  });
}
