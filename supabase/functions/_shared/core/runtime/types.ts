/** What Switchboard knows about a model on a self-hosted server, whatever the server. */
export interface RuntimeModel {
  /** As the server names it (Ollama "llama3.2:latest", LM Studio "qwen/qwen3-4b-2507"). */
  modelId: string;
  sizeBytes?: number;
  family?: string;
  parameterSize?: string;
  quantization?: string;
  /** In memory now. */
  loaded: boolean;
  /** Memory the loaded model uses (Ollama size_vram), when loaded. */
  memoryBytes?: number;
  /** When the server will unload it by itself (Ollama keep-alive), when loaded. */
  expiresAt?: string;
  /** Context length it was loaded with (LM Studio), when loaded. */
  loadedContextLength?: number;
}

export interface LoadOptions {
  /** Ollama keep_alive: "5m", "1h", "-1" (forever). */
  keepAlive?: string;
  /** LM Studio context_length, Ollama num_ctx. */
  contextLength?: number;
}

/** One server's model management, in that server's own API. */
export interface RuntimeServer {
  list(): Promise<RuntimeModel[]>;
  load(modelId: string, options: LoadOptions): Promise<void>;
  unload(modelId: string): Promise<void>;
  remove(modelId: string): Promise<void>;
}

export type RuntimeErrorCode =
  | 'unsupported' // the server cannot do this (LM Studio delete, LM Studio before 0.4)
  | 'not_found' // the server does not have that model
  | 'load_failed' // the server tried and failed (out of memory, broken file)
  | string; // the provider error codes (timeout, connection_refused, ...)

export class RuntimeError extends Error {
  constructor(
    readonly code: RuntimeErrorCode,
    message: string,
    readonly httpStatus?: number,
  ) {
    super(message);
    this.name = 'RuntimeError';
  }
}
