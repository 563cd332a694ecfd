/** One enabled flag, shaped as get_model_preferences returns it and save_model_preferences takes it. */
export interface PreferenceChange {
  connection_id: string;
  model_id: string;
  enabled: boolean;
}

/** get_model_preferences(): revision and flags from one snapshot. */
export interface ModelPreferencesSnapshot {
  revision: number;
  updated_at: string | null;
  models: PreferenceChange[];
}

/** save_model_preferences(): the revision moves only when a flag actually changed. */
export interface SaveModelPreferencesResult {
  revision: number;
  updated_at: string | null;
  changed: number;
}

/**
 * The two RPCs, injected so the sync engine runs against a fake in tests. Implementations throw
 * the PostgREST error as is (code PT409 for a stale revision, PT404 for unknown models).
 */
export interface ModelPreferencesApi {
  getModelPreferences(): Promise<ModelPreferencesSnapshot>;
  saveModelPreferences(expectedRevision: number, changes: PreferenceChange[]): Promise<SaveModelPreferencesResult>;
}
