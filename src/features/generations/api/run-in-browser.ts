/**
 * Runs a prompt on a server only this browser can reach (probe_from = browser): Ollama's /api/chat
 * (NDJSON) or an OpenAI-compatible chat endpoint (SSE), straight from here, then records the run as
 * a generation through the table (RLS applies). Such servers must allow this site's origin.
 */
import { toStorableText } from '@core/text.ts';
import { FunctionError } from '@/lib/edge-functions';
import { readNdjson } from '@/lib/ndjson';
import { supabase } from '@/lib/supabase';
import type { RunInput, RunnableConnection, RunResult } from '../types/generations';

function chatUrl(connection: RunnableConnection): string {
  const base = connection.base_url.replace(/\/+$/, '');
  const path = connection.chat_path ?? '';
  // People paste ".../v1"; the kind's path already starts with /v1.
  return path.startsWith('/v1/') && base.endsWith('/v1') ? `${base}${path.slice(3)}` : `${base}${path}`;
}

async function* sseData(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let newline: number;
      while ((newline = buffer.indexOf('\n')) !== -1) {
        const line = buffer.slice(0, newline).replace(/\r$/, '');
        buffer = buffer.slice(newline + 1);
        if (line.startsWith('data:')) yield line.slice(5).trim();
      }
    }
  } finally {
    reader.releaseLock();
  }
}

export async function runInBrowser(connection: RunnableConnection, input: RunInput, signal: AbortSignal, onToken: (text: string) => void): Promise<RunResult> {
  if (connection.has_key) {
    throw new FunctionError('generate', 409, 'key_on_server', `“${connection.name}” has an API key, which only the server can use, but its server is reached from this browser. Remove the key, or let the server probe it.`);
  }
  const ollama = connection.chat_adapter === 'ollama';
  const messages = [...(input.systemPrompt ? [{ role: 'system', content: input.systemPrompt }] : []), { role: 'user', content: input.prompt }];
  const p = input.parameters;
  const body = ollama
    ? { model: input.modelId, messages, stream: true, ...(p.keep_alive ? { keep_alive: p.keep_alive } : {}), options: { temperature: p.temperature, top_p: p.top_p, num_predict: p.max_tokens, num_ctx: p.context_length } }
    : { model: input.modelId, messages, stream: true, stream_options: { include_usage: true }, temperature: p.temperature, top_p: p.top_p, max_tokens: p.max_tokens };

  // Recorded as it starts (the database's clock dates it), like a run through the server.
  const recorded = await supabase
    .from('generations')
    .insert({ connection_id: connection.id, preset_id: input.presetId, model_id: input.modelId, prompt: input.prompt, system_prompt: input.systemPrompt, parameters: { ...input.parameters }, status: 'streaming' })
    .select('id, created_at')
    .single();
  if (recorded.error) throw new Error(`The run could not be recorded (${recorded.error.message}), so it was not started. Try again.`);

  const started = performance.now();
  let output = '';
  let firstTokenMs: number | null = null;
  let promptTokens: number | null = null;
  let completionTokens: number | null = null;
  let status: RunResult['status'] = 'completed';
  let error: string | null = null;
  const token = (text: string) => {
    firstTokenMs ??= Math.round(performance.now() - started);
    output += text;
    onToken(text);
  };

  try {
    let response: Response;
    try {
      response = await fetch(chatUrl(connection), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal });
    } catch (cause) {
      if (signal.aborted) throw cause;
      throw new Error(`Your browser could not reach ${new URL(connection.base_url).host}. Check that the server is running and allows this site (for Ollama: OLLAMA_ORIGINS=${window.location.origin}).`);
    }
    if (!response.ok || !response.body) {
      const text = await response.text().catch(() => '');
      const said = (() => {
        try {
          const parsed = JSON.parse(text) as { error?: string | { message?: string } };
          return typeof parsed.error === 'string' ? parsed.error : parsed.error?.message;
        } catch {
          return undefined;
        }
      })();
      throw new Error(`${connection.name} refused the prompt (HTTP ${response.status}${said ? `: ${said}` : ''}).`);
    }
    if (ollama) {
      for await (const raw of readNdjson(response.body, signal)) {
        const line = raw as { message?: { content?: string }; done?: boolean; error?: string; prompt_eval_count?: number; eval_count?: number };
        if (line.error) throw new Error(`Ollama stopped with an error: ${line.error}`);
        if (line.message?.content) token(line.message.content);
        if (line.done) {
          promptTokens = line.prompt_eval_count ?? null;
          completionTokens = line.eval_count ?? null;
        }
      }
    } else {
      for await (const data of sseData(response.body)) {
        if (data === '[DONE]') break;
        const chunk = JSON.parse(data) as { choices?: { delta?: { content?: string } }[]; usage?: { prompt_tokens?: number; completion_tokens?: number } };
        const text = chunk.choices?.[0]?.delta?.content;
        if (text) token(text);
        if (chunk.usage) {
          promptTokens = chunk.usage.prompt_tokens ?? null;
          completionTokens = chunk.usage.completion_tokens ?? null;
        }
      }
    }
  } catch (cause) {
    if (signal.aborted) status = 'cancelled';
    else {
      status = 'error';
      error = cause instanceof Error ? cause.message : 'The run failed.';
    }
  }

  const latencyMs = Math.round(performance.now() - started);
  // The end on the database's clock (its start plus what this browser measured), never before the start.
  const finishedAt = new Date(Date.parse(recorded.data.created_at) + latencyMs).toISOString();
  // The server's answer and errors are text nobody typed: a NUL or half a surrogate pair in them is
  // cleaned as the generate function cleans it, rather than losing the whole answer.
  const { error: saveError } = await supabase
    .from('generations')
    .update({ output: toStorableText(output), status, error: error === null ? null : toStorableText(error), prompt_tokens: promptTokens, completion_tokens: completionTokens, latency_ms: latencyMs, first_token_ms: firstTokenMs, finished_at: finishedAt })
    .eq('id', recorded.data.id);
  if (saveError) throw new Error(`The answer arrived but could not be saved (${saveError.message}).`);
  return { generationId: recorded.data.id, status, error, output, promptTokens, completionTokens, latencyMs, firstTokenMs };
}
