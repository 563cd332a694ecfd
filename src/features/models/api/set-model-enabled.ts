import { supabase } from '@/lib/supabase';

export interface SetModelEnabledInput {
  connectionId: string;
  modelId: string;
  enabled: boolean;
}

interface PreferencesRevision {
  revision: number;
}

function isStaleRevision(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'PT409';
}

/**
 * One enabled flag through the atomic save_model_preferences RPC. The flag is a wanted state, so
 * re-applying it on top of a newer revision (another device saved in between) loses nobody's change.
 */
export async function setModelEnabled({ connectionId, modelId, enabled }: SetModelEnabledInput): Promise<void> {
  const changes = [{ connection_id: connectionId, model_id: modelId, enabled }];
  for (let attempt = 0; ; attempt += 1) {
    const current = await supabase.rpc('get_model_preferences');
    if (current.error) throw current.error;
    const { revision } = current.data as unknown as PreferencesRevision;
    const saved = await supabase.rpc('save_model_preferences', { changes, expected_revision: revision });
    if (!saved.error) return;
    if (!isStaleRevision(saved.error) || attempt >= 2) throw saved.error;
  }
}
