import { supabase } from '@/lib/supabase';
import type { ModelRef } from '../utils/model-key';

/**
 * Stars many models in one request. Existing stars are left alone (on conflict do nothing), and
 * the answer lists only the rows that were new, which is how an import tells "starred" from
 * "already a favorite".
 */
export async function addFavorites(models: readonly ModelRef[]): Promise<ModelRef[]> {
  if (models.length === 0) return [];
  const rows = models.map(({ connection_id, model_id }) => ({ connection_id, model_id }));
  const { data, error } = await supabase
    .from('favorite_models')
    .upsert(rows, { onConflict: 'owner_id,connection_id,model_id', ignoreDuplicates: true })
    .select('connection_id, model_id');
  if (error) throw error;
  return data ?? [];
}
