import type { ModelPreferencesApi, ModelPreferencesSnapshot, PreferenceChange, SaveModelPreferencesResult } from '../types/preferences';
import { modelKey } from '../utils/model-key';

/**
 * In-memory stand-in for get_model_preferences / save_model_preferences (see the models
 * migration): same JSON shapes, PT409 with a JSON details string on a stale revision, PT404 for
 * unknown models, and the revision moves only when a flag actually changes.
 */
export class FakePreferencesServer implements ModelPreferencesApi {
  revision = 0;
  readonly flags = new Map<string, PreferenceChange>();
  readonly saves: { expectedRevision: number; changes: PreferenceChange[] }[] = [];
  /** Runs before each save is checked, e.g. to let "another device" save first. */
  beforeSave: (() => void) | null = null;
  failNextSave: unknown = null;

  constructor(models: PreferenceChange[]) {
    for (const model of models) this.flags.set(modelKey(model.connection_id, model.model_id), { ...model });
  }

  enabled(connectionId: string, modelId: string): boolean | undefined {
    return this.flags.get(modelKey(connectionId, modelId))?.enabled;
  }

  getModelPreferences(): Promise<ModelPreferencesSnapshot> {
    const models = [...this.flags.values()].map((model) => ({ ...model }));
    return Promise.resolve({ revision: this.revision, updated_at: null, models });
  }

  saveModelPreferences(expectedRevision: number, changes: PreferenceChange[]): Promise<SaveModelPreferencesResult> {
    this.saves.push({ expectedRevision, changes: changes.map((change) => ({ ...change })) });
    const hook = this.beforeSave;
    this.beforeSave = null;
    hook?.();
    if (this.failNextSave !== null) {
      const error = this.failNextSave;
      this.failNextSave = null;
      return Promise.reject(error);
    }
    try {
      return Promise.resolve(this.apply(expectedRevision, changes));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** A save from another client, applied synchronously. */
  apply(expectedRevision: number, changes: PreferenceChange[]): SaveModelPreferencesResult {
    if (expectedRevision !== this.revision) {
      throw {
        code: 'PT409',
        message: `Your model preferences were changed on another device or tab (now revision ${this.revision}, you had ${expectedRevision}).`,
        details: JSON.stringify({ current_revision: this.revision, expected_revision: expectedRevision }),
        hint: 'Call get_model_preferences() for the current state and revision.',
      };
    }
    const missing = changes.filter((change) => !this.flags.has(modelKey(change.connection_id, change.model_id)));
    if (missing.length > 0) {
      throw { code: 'PT404', message: 'Some models no longer exist.', details: JSON.stringify({ missing }), hint: null };
    }
    let changed = 0;
    for (const change of changes) {
      const current = this.flags.get(modelKey(change.connection_id, change.model_id))!;
      if (current.enabled !== change.enabled) {
        current.enabled = change.enabled;
        changed++;
      }
    }
    if (changed > 0) this.revision++;
    return { revision: this.revision, updated_at: null, changed };
  }
}
