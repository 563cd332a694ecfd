export type RuntimeStatus = 'idle' | 'loading' | 'running' | 'error';
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

/** One model as the runtime page shows it (the runtime function's answer shape). */
export interface RuntimeModelView {
  model_id: string;
  size_bytes: number | null;
  family: string | null;
  parameter_size: string | null;
  quantization: string | null;
  loaded: boolean;
  memory_bytes: number | null;
  expires_at: string | null;
  context_length: number | null;
  status: RuntimeStatus;
  status_at: string | null;
  error: string | null;
  /** Stored by discovery (so its status is shared with other devices). */
  known: boolean;
  /** Still on the server. */
  installed: boolean;
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
