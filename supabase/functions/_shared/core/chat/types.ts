/** One chat run, whatever the provider. */
export interface ChatRequest {
  /** As the provider names it. */
  model: string;
  prompt: string;
  system?: string | null;
  temperature?: number | null;
  topP?: number | null;
  maxTokens?: number | null;
  /** Ollama num_ctx. */
  contextLength?: number | null;
  /** Ollama keep_alive. */
  keepAlive?: string | null;
}

export type ChatEvent =
  | { type: 'token'; text: string }
  | { type: 'usage'; promptTokens?: number; completionTokens?: number }
  /** The provider finished (stop, length...). */
  | { type: 'end'; reason: string | null };

/** The provider failed, before or during the stream: a code and a sentence. */
export class ChatError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus?: number,
  ) {
    super(message);
    this.name = 'ChatError';
  }
}

/** One provider's chat protocol: the request body, and how its stream reads. */
export interface ChatProtocol {
  /** Extra headers the protocol needs (e.g. Anthropic's version). */
  headers?: Record<string, string>;
  body(request: ChatRequest): Record<string, unknown>;
  /** How the stream is framed. */
  framing: 'sse' | 'ndjson';
  /** One frame (an SSE data payload, or an NDJSON line) to events; throws ChatError for an error frame. */
  parse(frame: { event: string | null; data: string }): ChatEvent[];
}
