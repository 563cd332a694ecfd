/**
 * The three chat protocols the provider kinds use (provider_kinds.chat_adapter):
 * - openai: POST {chat_path} {model, messages, stream: true, stream_options: {include_usage}} -> SSE
 *   `data: {"choices":[{"delta":{"content":"…"}}]}` … `data: [DONE]`, usage in the last chunk;
 * - anthropic: POST /v1/messages {model, system, messages, max_tokens, stream: true} -> SSE events
 *   message_start (input tokens), content_block_delta (text), message_delta (output tokens,
 *   stop_reason), message_stop, error;
 * - ollama: POST /api/chat {model, messages, stream: true, options, keep_alive} -> NDJSON
 *   `{"message":{"content":"…"},"done":false}` … `{"done":true,"prompt_eval_count",…}` or `{"error"}`.
 */
import { ChatError, type ChatEvent, type ChatProtocol, type ChatRequest } from './types.ts';

function messages(request: ChatRequest, withSystem: boolean) {
  const list: { role: string; content: string }[] = [];
  if (withSystem && request.system) list.push({ role: 'system', content: request.system });
  list.push({ role: 'user', content: request.prompt });
  return list;
}

function json(data: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(data);
    return typeof value === 'object' && value !== null ? value as Record<string, unknown> : null;
  } catch {
    return null;
  }
}

const numberOr = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined);

function errorText(error: unknown): string {
  if (typeof error === 'string') return error;
  if (error && typeof error === 'object' && typeof (error as { message?: unknown }).message === 'string') return (error as { message: string }).message;
  return 'the provider reported an error';
}

export const openAiProtocol: ChatProtocol = {
  framing: 'sse',
  body(request) {
    const body: Record<string, unknown> = { model: request.model, messages: messages(request, true), stream: true, stream_options: { include_usage: true } };
    if (request.temperature != null) body.temperature = request.temperature;
    if (request.topP != null) body.top_p = request.topP;
    if (request.maxTokens != null) body.max_tokens = request.maxTokens;
    return body;
  },
  parse({ data }) {
    if (data.trim() === '[DONE]') return [];
    const chunk = json(data);
    if (!chunk) return [];
    if (chunk.error) throw new ChatError('provider_error', `The provider stopped with an error: ${errorText(chunk.error)}`);
    const events: ChatEvent[] = [];
    const choice = Array.isArray(chunk.choices) ? (chunk.choices[0] as Record<string, unknown> | undefined) : undefined;
    const content = (choice?.delta as { content?: unknown } | undefined)?.content;
    if (typeof content === 'string' && content !== '') events.push({ type: 'token', text: content });
    if (typeof choice?.finish_reason === 'string') events.push({ type: 'end', reason: choice.finish_reason });
    const usage = chunk.usage as Record<string, unknown> | undefined;
    if (usage) events.push({ type: 'usage', promptTokens: numberOr(usage.prompt_tokens), completionTokens: numberOr(usage.completion_tokens) });
    return events;
  },
};

export const anthropicProtocol: ChatProtocol = {
  framing: 'sse',
  headers: { 'anthropic-version': '2023-06-01' },
  body(request) {
    const body: Record<string, unknown> = { model: request.model, messages: messages(request, false), max_tokens: request.maxTokens ?? 1024, stream: true };
    if (request.system) body.system = request.system;
    if (request.temperature != null) body.temperature = Math.min(1, request.temperature);
    if (request.topP != null) body.top_p = request.topP;
    return body;
  },
  parse({ event, data }) {
    const payload = json(data);
    if (!payload) return [];
    const type = event ?? (payload.type as string | undefined);
    if (type === 'error') throw new ChatError('provider_error', `The provider stopped with an error: ${errorText(payload.error)}`);
    if (type === 'message_start') {
      const usage = (payload.message as { usage?: Record<string, unknown> } | undefined)?.usage;
      return usage ? [{ type: 'usage', promptTokens: numberOr(usage.input_tokens) }] : [];
    }
    if (type === 'content_block_delta') {
      const text = (payload.delta as { text?: unknown } | undefined)?.text;
      return typeof text === 'string' && text !== '' ? [{ type: 'token', text }] : [];
    }
    if (type === 'message_delta') {
      const events: ChatEvent[] = [];
      const usage = payload.usage as Record<string, unknown> | undefined;
      if (usage) events.push({ type: 'usage', completionTokens: numberOr(usage.output_tokens) });
      const reason = (payload.delta as { stop_reason?: unknown } | undefined)?.stop_reason;
      if (typeof reason === 'string') events.push({ type: 'end', reason });
      return events;
    }
    return [];
  },
};

export const ollamaProtocol: ChatProtocol = {
  framing: 'ndjson',
  body(request) {
    const options: Record<string, unknown> = {};
    if (request.temperature != null) options.temperature = request.temperature;
    if (request.topP != null) options.top_p = request.topP;
    if (request.maxTokens != null) options.num_predict = request.maxTokens;
    if (request.contextLength != null) options.num_ctx = request.contextLength;
    const body: Record<string, unknown> = { model: request.model, messages: messages(request, true), stream: true, options };
    if (request.keepAlive) body.keep_alive = request.keepAlive;
    return body;
  },
  parse({ data }) {
    const line = json(data);
    if (!line) return [];
    if (line.error) throw new ChatError('provider_error', `Ollama stopped with an error: ${errorText(line.error)}`);
    const events: ChatEvent[] = [];
    const content = (line.message as { content?: unknown } | undefined)?.content;
    if (typeof content === 'string' && content !== '') events.push({ type: 'token', text: content });
    if (line.done === true) {
      events.push({ type: 'usage', promptTokens: numberOr(line.prompt_eval_count), completionTokens: numberOr(line.eval_count) });
      events.push({ type: 'end', reason: typeof line.done_reason === 'string' ? line.done_reason : 'stop' });
    }
    return events;
  },
};

export function protocolFor(chatAdapter: string): ChatProtocol | null {
  return chatAdapter === 'openai' ? openAiProtocol : chatAdapter === 'anthropic' ? anthropicProtocol : chatAdapter === 'ollama' ? ollamaProtocol : null;
}

/** The headers a chat request sends besides the key: the protocol's own, a JSON body, and the stream it reads. */
export function chatHeaders(protocol: ChatProtocol): Record<string, string> {
  return {
    ...protocol.headers,
    'content-type': 'application/json',
    accept: protocol.framing === 'sse' ? 'text/event-stream' : 'application/x-ndjson',
  };
}
