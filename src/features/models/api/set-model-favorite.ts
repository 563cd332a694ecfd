import { supabase } from '@/lib/supabase';

export interface SetModelFavoriteInput {
  connectionId: string;
  modelId: string;
  favorite: boolean;
}

/** Idempotent: sends the wanted state, never a flip, so a retry or a duplicate cannot invert it. */
export async function setModelFavorite({ connectionId, modelId, favorite }: SetModelFavoriteInput): Promise<boolean> {
  const { data, error } = await supabase.rpc('set_model_favorite', { connection_id: connectionId, model_id: modelId, favorite });
  if (error) throw error;
  return data;
}
