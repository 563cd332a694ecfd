import { FunctionError, invokeFunctionRaw } from '@/lib/edge-functions';
import { readNdjson } from '@/lib/ndjson';
import type { RunInput, RunResult } from '../types/generations';

interface StreamGeneration {
  id: string;
  status: RunResult['status'];
  error: string | null;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  latency_ms: number | null;
  first_token_ms: number | null;
}

type StreamEvent =
  | { type: 'start'; generation_id: string }
  | { type: 'token'; text: string }
  | { type: 'done'; generation: StreamGeneration }
  | { type: 'error'; error: { code: string; message: string }; generation?: StreamGeneration };

/**
 * Runs a prompt through the generate function (the key stays on the server) and hands each token
 * to `onToken` as it arrives. Aborting `signal` closes the request, which cancels the provider call;
 * the run is then recorded as cancelled with what arrived.
 */
export async function runOnServer(input: RunInput, signal: AbortSignal, onToken: (text: string) => void): Promise<RunResult> {
  const response = await invokeFunctionRaw('generate', {
    accept: 'application/x-ndjson',
    signal,
    body: {
      connection_id: input.connectionId,
      model_id: input.modelId,
      prompt: input.prompt,
      system_prompt: input.systemPrompt,
      preset_id: input.presetId,
      parameters: input.parameters,
    },
  });
  let output = '';
  let generationId: string | null = null;
  try {
    for await (const raw of readNdjson(response.body!, signal)) {
      const event = raw as StreamEvent;
      if (event.type === 'start') generationId = event.generation_id;
      else if (event.type === 'token') {
        output += event.text;
        onToken(event.text);
      } else {
        const g = event.generation;
        return {
          generationId: g?.id ?? generationId,
          status: event.type === 'done' ? (g?.status ?? 'completed') : 'error',
          error: event.type === 'error' ? event.error.message : (g?.error ?? null),
          output,
          promptTokens: g?.prompt_tokens ?? null,
          completionTokens: g?.completion_tokens ?? null,
          latencyMs: g?.latency_ms ?? null,
          firstTokenMs: g?.first_token_ms ?? null,
        };
      }
    }
  } catch (error) {
    if (signal.aborted) return { generationId, status: 'cancelled', error: null, output, promptTokens: null, completionTokens: null, latencyMs: null, firstTokenMs: null };
    throw error;
  }
  if (signal.aborted) return { generationId, status: 'cancelled', error: null, output, promptTokens: null, completionTokens: null, latencyMs: null, firstTokenMs: null };
  throw new FunctionError('generate', 0, 'incomplete', 'The answer stopped before it was finished. What arrived is kept; run it again for the rest.');
}
