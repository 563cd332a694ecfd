import type { RuntimeModelView, RuntimeStatus } from '@core/runtime/state.ts';

/** The runtime function's vocabulary, shared with the browser's runtime (the core's state.ts). */
export type { RuntimeModelView, RuntimeStatus };
export type RuntimeAction = 'load' | 'unload' | 'delete';

/** A connection whose server can load and unload models (Ollama, LM Studio). */
export interface RuntimeConnection {
  id: string;
  name: string;
  kind: string;
  base_url: string;
  probe_from: 'server' | 'browser';
  enabled: boolean;
  /** provider_kinds.runtime_adapter. */
  adapter: 'ollama' | 'lmstudio';
  /** The kind's label (Ollama, LM Studio). */
  kind_label: string;
}

export interface RuntimeSnapshot {
  connection_id: string;
  checked_at: string;
  models: RuntimeModelView[];
  /** Where it came from: the live server, or what was stored when the server could not be reached. */
  source: 'live' | 'stored';
}

export interface ActionOptions {
  keepAlive?: string;
  contextLength?: number;
}
