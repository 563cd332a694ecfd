/**
 * Runs one chat against a connection and yields its events as they stream in: the request goes
 * through the SSRF guard (safeFetchStream) with the connection's key; HTTP refusals, network
 * failures and a stream that breaks off all become ChatError with a sentence.
 */
import { SafeFetchError, safeFetchStream, type SafeStreamOptions } from '../net/safe-fetch.ts';
import { authorizedRequest } from '../providers/discover.ts';
import { describeFetchError, describeHttpStatus } from '../providers/errors.ts';
import type { ConnectionTarget } from '../providers/types.ts';
import { joinModelsUrl } from '../providers/url.ts';
import { ndjsonFrames, sseFrames } from './frames.ts';
import { ChatError, type ChatEvent, type ChatProtocol, type ChatRequest } from './types.ts';

export type ChatFetchOptions = Pick<SafeStreamOptions, 'allowPrivate' | 'resolver' | 'fetch' | 'signal' | 'timeoutMs' | 'idleTimeoutMs'>;

const ERROR_BODY_LIMIT = 64 * 1024;

async function bodyText(stream: ReadableStream<Uint8Array>): Promise<string> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (text.length < ERROR_BODY_LIMIT) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    // What arrived is enough to quote.
  } finally {
    await reader.cancel().catch(() => {});
  }
  return text;
}

export async function* runChat(target: ConnectionTarget, chatPath: string, protocol: ChatProtocol, request: ChatRequest, options: ChatFetchOptions): AsyncGenerator<ChatEvent> {
  const { headers, query, sensitiveHeaders } = authorizedRequest(target);
  for (const [name, value] of Object.entries(protocol.headers ?? {})) headers.set(name, value);
  headers.set('content-type', 'application/json');
  headers.set('accept', protocol.framing === 'sse' ? 'text/event-stream' : 'application/x-ndjson');
  const url = joinModelsUrl(target.baseUrl, chatPath, query);

  let response;
  try {
    response = await safeFetchStream(url, { method: 'POST', headers, body: JSON.stringify(protocol.body(request)) }, { timeoutMs: 60_000, maxBytes: 16 * 1024 * 1024, ...options, sensitiveHeaders });
  } catch (error) {
    const described = describeFetchError(error, { url: url.href, apiKey: target.apiKey });
    throw new ChatError(error instanceof SafeFetchError && error.code === 'aborted' ? 'aborted' : described.code, described.message);
  }
  if (response.status < 200 || response.status >= 300) {
    const body = await bodyText(response.body);
    const described = describeHttpStatus({ status: response.status, headers: response.headers, body, url: response.url }, { apiKey: target.apiKey, keySent: Boolean(target.apiKey) });
    throw new ChatError(described.code, described.message, response.status);
  }

  let ended = false;
  try {
    const frames = protocol.framing === 'sse' ? sseFrames(response.body) : ndjsonFrames(response.body);
    for await (const frame of frames) {
      for (const event of protocol.parse(frame)) {
        if (event.type === 'end') ended = true;
        yield event;
      }
    }
  } catch (error) {
    if (error instanceof ChatError) throw error;
    if (error instanceof SafeFetchError && error.code === 'aborted') throw new ChatError('aborted', 'The run was cancelled.');
    const described = describeFetchError(error, { url: url.href, apiKey: target.apiKey });
    throw new ChatError(described.code, `The answer broke off: ${described.message}`);
  }
  if (!ended) {
    throw new ChatError('incomplete', `${url.host} closed the connection before the answer was finished. What arrived is kept; run it again for the rest.`);
  }
}
