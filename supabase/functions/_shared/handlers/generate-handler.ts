/**
 * generate: run one prompt on a connection with its stored (or the server's) key, and stream the
 * answer back (docs/functions-api.md). The key never leaves the server.
 *
 * POST { connection_id, model_id, prompt, system_prompt?, preset_id?, parameters? } answers an NDJSON
 * stream: {"type":"start","generation_id"} first, then {"type":"token","text"} as the provider
 * streams, and last {"type":"done","generation"} or {"type":"error","error","generation"}. The run is
 * recorded as a generation (status "streaming" at the start, then completed, cancelled or error with
 * the output so far, token counts and timings); the database keeps the usage counters.
 * Closing the request cancels the provider call.
 *
 * A base URL the SSRF policy refuses is answered 422 before anything is recorded, like every other
 * refusal of what the caller stored; once the stream has started, failures (a redirect the guard
 * refused included) are error lines and the run is recorded as "error".
 */
import { z } from 'npm:zod@4.6.7';
import { KEEP_ALIVE } from '../core/chat/keep-alive.ts';
import { runChat } from '../chat/run-chat.ts';
import { protocolFor } from '../core/chat/protocols.ts';
import { ChatError } from '../core/chat/types.ts';
import { toStorableText } from '../core/text.ts';
import { allowMethods, HttpError } from '../http.ts';
import { targetRefusal } from '../net/safe-fetch.ts';
import { allowPrivateEndpoints } from '../net/ssrf.ts';
import { statusForProviderError } from '../core/providers/errors.ts';
import { describeFetchError } from '../providers/errors.ts';
import { openSecrets } from '../connections/keys.ts';
import { NOT_FOUND_MESSAGE } from './lockbox-handler.ts';
import { ndjsonResponse } from '../connections/ndjson.ts';
import { type FunctionDeps, type GenerationOutcome, StoreError } from '../connections/ports.ts';
import { prepareProbe } from '../connections/probe.ts';
import { enforceRateLimit, readBody, requireUser } from '../connections/request.ts';

export const generateRequestSchema = z.strictObject({
  connection_id: z.guid({ error: 'connection_id must be a connection id (a UUID)' }),
  model_id: z.string({ error: 'model_id must be the model id as the connection lists it' }).min(1).max(512),
  prompt: z.string({ error: 'prompt must be text' }).min(1, { error: 'prompt must not be empty' }).max(1_000_000, { error: 'prompt must be at most 1,000,000 characters' }),
  system_prompt: z.string().max(100_000, { error: 'system_prompt must be at most 100,000 characters' }).nullable().optional(),
  preset_id: z.guid({ error: 'preset_id must be a preset id (a UUID)' }).nullable().optional(),
  parameters: z.strictObject({
    temperature: z.number().min(0).max(2, { error: 'temperature goes from 0 to 2' }).optional(),
    top_p: z.number().min(0).max(1, { error: 'top_p goes from 0 to 1' }).optional(),
    max_tokens: z.int().min(1).max(1_000_000, { error: 'max_tokens goes from 1 to 1,000,000' }).optional(),
    context_length: z.int().min(1).max(10_000_000, { error: 'context_length goes from 1 to 10,000,000' }).optional(),
    keep_alive: z.string().max(32).regex(KEEP_ALIVE, { error: 'keep_alive must be a duration such as 5m, 1h or -1' }).optional(),
  }).optional(),
});

export const BROWSER_GENERATE_MESSAGE =
  'This server is reached from your browser (it is on your computer or network), so the app runs prompts on it from there.';

// generations column limits (char_length counts code points, never more than UTF-16 units).
const MAX_OUTPUT = 2_000_000;
const MAX_ERROR = 4000;
const INT4_MAX = 2_147_483_647;

function clipText(text: string, max: number): string {
  const storable = toStorableText(text);
  if (storable.length <= max) return storable;
  // Never cut between the halves of a surrogate pair.
  const end = /[\uD800-\uDBFF]/.test(storable[max - 1]) ? max - 1 : max;
  return storable.slice(0, end);
}

function count(value: number | null): number | null {
  return value !== null && Number.isSafeInteger(value) && value >= 0 && value <= INT4_MAX ? value : null;
}

/**
 * How the run ended, as the generations row can hold it: the output and error come from the
 * provider (NUL or a lone surrogate would make Postgres refuse the whole row and leave the run
 * "streaming" forever), the token counts too.
 */
function storableOutcome(outcome: GenerationOutcome): GenerationOutcome {
  return {
    ...outcome,
    output: clipText(outcome.output, MAX_OUTPUT),
    error: outcome.error === null ? null : clipText(outcome.error, MAX_ERROR),
    prompt_tokens: count(outcome.prompt_tokens),
    completion_tokens: count(outcome.completion_tokens),
  };
}

export function createGenerateHandler(deps: FunctionDeps, options: { now?: () => number } = {}) {
  const now = options.now ?? (() => performance.now());
  return async (request: Request): Promise<Response> => {
    allowMethods(request, 'POST');
    const user = requireUser(request);
    await enforceRateLimit(deps.rateLimit, user.userId, 'generate');
    const body = await readBody(request, generateRequestSchema);
    const db = deps.callerDb(user.accessToken);

    const connection = await db.getConnection(body.connection_id);
    if (!connection) throw new HttpError(404, 'not_found', NOT_FOUND_MESSAGE);
    if (!connection.enabled) throw new HttpError(409, 'connection_disabled', `“${connection.name}” is turned off. Turn it on on the Connections page, then run the prompt again.`);
    if (connection.probe_from === 'browser') throw new HttpError(409, 'browser_probe', BROWSER_GENERATE_MESSAGE);
    const protocol = protocolFor(connection.kind_row.chat_adapter ?? '');
    const chatPath = connection.kind_row.chat_path;
    if (!protocol || !chatPath) throw new HttpError(422, 'unsupported_kind', `Prompts cannot run on “${connection.name}” (a ${connection.kind_row.id} connection) yet.`);

    const opened = await openSecrets(deps, user.userId, [connection.id]);
    const probe = prepareProbe(connection, opened.get(connection.id), deps.env);
    if (!probe.ok) throw new HttpError(probe.status, probe.code, probe.message);
    const allowPrivate = allowPrivateEndpoints(deps.env);
    // The answer's status is sent before the provider is contacted, so a refused base URL is found
    // now (the request checks every hop again): a 422 like discovery's, and no run recorded.
    const refused = await targetRefusal(probe.target.baseUrl, { allowPrivate, resolver: deps.fetchOptions?.resolver, signal: request.signal });
    if (refused) {
      const described = describeFetchError(refused);
      throw new HttpError(statusForProviderError(described.code), described.code, described.message);
    }

    const parameters = body.parameters ?? {};
    let generationId: string;
    try {
      generationId = await db.insertGeneration({
        connection_id: connection.id,
        preset_id: body.preset_id ?? null,
        model_id: body.model_id,
        prompt: body.prompt,
        system_prompt: body.system_prompt ?? null,
        parameters,
        status: 'streaming',
      });
    } catch (error) {
      if (error instanceof StoreError && error.kind === 'not_found') throw new HttpError(404, 'not_found', 'That connection or preset no longer exists. Reload and try again.');
      throw error;
    }

    const started = now();
    return ndjsonResponse(async (writer, signal) => {
      writer.write({ type: 'start', generation_id: generationId });
      let output = '';
      let firstTokenMs: number | null = null;
      let promptTokens: number | null = null;
      let completionTokens: number | null = null;
      let failure: ChatError | null = null;
      try {
        const events = runChat(probe.target, chatPath, protocol, {
          model: body.model_id,
          prompt: body.prompt,
          system: body.system_prompt,
          temperature: parameters.temperature,
          topP: parameters.top_p,
          maxTokens: parameters.max_tokens,
          contextLength: parameters.context_length,
          keepAlive: parameters.keep_alive,
        }, { ...deps.fetchOptions, allowPrivate, signal });
        for await (const event of events) {
          if (event.type === 'token') {
            firstTokenMs ??= Math.round(now() - started);
            output += event.text;
            writer.write({ type: 'token', text: event.text });
          } else if (event.type === 'usage') {
            promptTokens = event.promptTokens ?? promptTokens;
            completionTokens = event.completionTokens ?? completionTokens;
          }
        }
      } catch (error) {
        if (!(error instanceof ChatError)) throw error;
        failure = error;
      }
      const cancelled = signal.aborted || failure?.code === 'aborted';
      const outcome = storableOutcome({
        output,
        status: cancelled ? 'cancelled' : failure ? 'error' : 'completed',
        error: cancelled ? null : failure?.message ?? null,
        prompt_tokens: promptTokens,
        completion_tokens: completionTokens,
        latency_ms: Math.round(now() - started),
        first_token_ms: firstTokenMs,
        finished_at: new Date().toISOString(),
      });
      try {
        await db.finishGeneration(generationId, outcome);
      } catch (error) {
        deps.log.error(`[generate] could not record how generation ${generationId} ended`, error);
      }
      const generation = { id: generationId, ...outcome, output: undefined };
      if (failure && !cancelled) writer.write({ type: 'error', error: { code: failure.code, message: failure.message }, generation });
      else writer.write({ type: 'done', generation });
    }, { signal: request.signal, onError: (error) => deps.log.error('[generate] the run failed unexpectedly', error) });
  };
}
