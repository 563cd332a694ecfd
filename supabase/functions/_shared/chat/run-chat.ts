/**
 * Runs one chat against a connection and yields its events as they stream in: the request goes
 * through the SSRF guard (safeFetchStream) with the connection's key; HTTP refusals, network
 * failures and a stream that breaks off all become ChatError with a sentence.
 */
import { decodeChatStream } from '../core/chat/decode.ts';
import { chatHeaders } from '../core/chat/protocols.ts';
import { ChatError, type ChatEvent, type ChatProtocol, type ChatRequest } from '../core/chat/types.ts';
import { describeHttpStatus, errorBodyText } from '../core/providers/errors.ts';
import type { ConnectionTarget } from '../core/providers/types.ts';
import { joinModelsUrl } from '../core/providers/url.ts';
import { SafeFetchError, safeFetchStream, type SafeStreamOptions } from '../net/safe-fetch.ts';
import { authorizedRequest } from '../providers/discover.ts';
import { describeFetchError } from '../providers/errors.ts';

export type ChatFetchOptions = Pick<SafeStreamOptions, 'allowPrivate' | 'resolver' | 'fetch' | 'signal' | 'timeoutMs' | 'idleTimeoutMs'>;

export async function* runChat(target: ConnectionTarget, chatPath: string, protocol: ChatProtocol, request: ChatRequest, options: ChatFetchOptions): AsyncGenerator<ChatEvent> {
  const { headers, query, sensitiveHeaders } = authorizedRequest(target);
  for (const [name, value] of Object.entries(chatHeaders(protocol))) headers.set(name, value);
  const url = joinModelsUrl(target.baseUrl, chatPath, query);

  let response;
  try {
    response = await safeFetchStream(url, { method: 'POST', headers, body: JSON.stringify(protocol.body(request)) }, { timeoutMs: 60_000, maxBytes: 16 * 1024 * 1024, ...options, sensitiveHeaders });
  } catch (error) {
    const described = describeFetchError(error, { url: url.href, apiKey: target.apiKey });
    throw new ChatError(error instanceof SafeFetchError && error.code === 'aborted' ? 'aborted' : described.code, described.message);
  }
  if (response.status < 200 || response.status >= 300) {
    const body = await errorBodyText(response.body);
    const described = describeHttpStatus({ status: response.status, headers: response.headers, body, url: response.url }, { apiKey: target.apiKey, keySent: Boolean(target.apiKey) });
    throw new ChatError(described.code, described.message, response.status);
  }

  try {
    yield* decodeChatStream(response.body, protocol, url.host);
  } catch (error) {
    if (error instanceof ChatError) throw error;
    if (error instanceof SafeFetchError && error.code === 'aborted') throw new ChatError('aborted', 'The run was cancelled.');
    const described = describeFetchError(error, { url: url.href, apiKey: target.apiKey });
    throw new ChatError(described.code, `The answer broke off: ${described.message}`);
  }
}
