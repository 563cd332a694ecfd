/**
 * Runs a prompt on a server only this browser can reach (probe_from = browser): the kind's chat
 * protocol (Ollama's /api/chat as NDJSON, or an OpenAI-compatible chat endpoint as SSE), straight
 * from here, then records the run as a generation through the table (RLS applies). Such servers must
 * allow this site's origin. The request body, the URL and the stream decoding are the core's, the
 * same the generate function uses, so a browser run and a server run read an answer alike.
 */
import { decodeChatStream } from '@core/chat/decode.ts';
import { chatHeaders, protocolFor } from '@core/chat/protocols.ts';
import { ChatError } from '@core/chat/types.ts';
import { describeHttpStatus, errorBodyText } from '@core/providers/errors.ts';
import { joinModelsUrl } from '@core/providers/url.ts';
import { toStorableText } from '@core/text.ts';
import { BrowserRequestError } from '@/lib/errors';
import { supabase } from '@/lib/supabase';
import type { RunInput, RunnableConnection, RunResult } from '../types/generations';

export async function runInBrowser(connection: RunnableConnection, input: RunInput, signal: AbortSignal, onToken: (text: string) => void): Promise<RunResult> {
  if (connection.has_key) {
    throw new BrowserRequestError('key_on_server', `“${connection.name}” has an API key, which only the server can use, but its server is reached from this browser. Remove the key, or let the server probe it.`);
  }
  const protocol = protocolFor(connection.chat_adapter ?? '');
  if (!protocol || !connection.chat_path) {
    throw new BrowserRequestError('unsupported_kind', `Prompts cannot run on “${connection.name}” yet.`);
  }
  const url = joinModelsUrl(connection.base_url, connection.chat_path);
  const p = input.parameters;
  const body = protocol.body({
    model: input.modelId,
    prompt: input.prompt,
    system: input.systemPrompt,
    temperature: p.temperature,
    topP: p.top_p,
    maxTokens: p.max_tokens,
    contextLength: p.context_length,
    keepAlive: p.keep_alive,
  });

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
      response = await fetch(url, { method: 'POST', headers: chatHeaders(protocol), body: JSON.stringify(body), signal });
    } catch (cause) {
      if (signal.aborted) throw cause;
      throw new BrowserRequestError('unreachable', `Your browser could not reach ${url.host}. Check that the server is running and allows this site (for Ollama: OLLAMA_ORIGINS=${window.location.origin}).`);
    }
    if (!response.ok || !response.body) {
      const text = response.body ? await errorBodyText(response.body) : '';
      const described = describeHttpStatus({ status: response.status, headers: response.headers, body: text, url: url.href }, { keySent: false, fromBrowser: true });
      throw new BrowserRequestError(described.code, described.message, response.status);
    }
    try {
      for await (const event of decodeChatStream(response.body, protocol, url.host)) {
        if (event.type === 'token') token(event.text);
        else if (event.type === 'usage') {
          promptTokens = event.promptTokens ?? promptTokens;
          completionTokens = event.completionTokens ?? completionTokens;
        }
      }
    } catch (cause) {
      if (cause instanceof ChatError || signal.aborted) throw cause;
      throw new BrowserRequestError('network_error', `The answer broke off: the connection to ${url.host} failed. What arrived is kept; run it again for the rest.`);
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
