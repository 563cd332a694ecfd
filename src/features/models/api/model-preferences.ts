import type { SupabaseClient } from '@supabase/supabase-js';
import { z } from 'zod';
import type { Database } from '@/lib/database.types';
import type { ModelPreferencesApi, ModelPreferencesSnapshot, PreferenceChange, SaveModelPreferencesResult } from '../types/preferences';

// The RPCs return jsonb, which the generated types cannot describe: validate what comes back.
const snapshotSchema = z.object({
  revision: z.number().int().nonnegative(),
  updated_at: z.string().nullable(),
  models: z.array(z.object({ connection_id: z.string(), model_id: z.string(), enabled: z.boolean() })),
});
const saveResultSchema = z.object({
  revision: z.number().int().nonnegative(),
  updated_at: z.string().nullable(),
  changed: z.number().int().nonnegative(),
});

/**
 * get_model_preferences / save_model_preferences for one Supabase client (the app's, or a test's
 * signed-in client). PostgREST errors are thrown as they come (PT409, PT404, ...), which is what
 * the sync engine reads.
 */
export function createModelPreferencesApi(client: SupabaseClient<Database>): ModelPreferencesApi {
  return {
    async getModelPreferences(): Promise<ModelPreferencesSnapshot> {
      const { data, error } = await client.rpc('get_model_preferences');
      if (error) throw error;
      return snapshotSchema.parse(data);
    },
    async saveModelPreferences(expectedRevision: number, changes: PreferenceChange[]): Promise<SaveModelPreferencesResult> {
      // Only the three fields the RPC takes (a caller's richer objects would fail its validation).
      const payload = changes.map(({ connection_id, model_id, enabled }) => ({ connection_id, model_id, enabled }));
      const { data, error } = await client.rpc('save_model_preferences', { expected_revision: expectedRevision, changes: payload });
      if (error) throw error;
      return saveResultSchema.parse(data);
    },
  };
}
