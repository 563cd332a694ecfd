/**
 * A provider's streamed answer as chat events, the one decoder for a prompt run by the generate
 * function and one run from the browser: frames split by the protocol's framing, each frame
 * parsed by the protocol, and a stream that ends before the provider said it finished is an
 * error (what arrived has been yielded already, so the caller keeps it).
 */
import { ndjsonFrames, sseFrames } from './frames.ts';
import { ChatError, type ChatEvent, type ChatProtocol } from './types.ts';

/**
 * Yields the events of `body`. Throws ChatError for an error frame and for a stream that closes
 * before its end event ("incomplete", naming `host`); errors from reading the stream itself (a
 * network failure, an abort) are passed on as they are, for the caller to word.
 */
export async function* decodeChatStream(
  body: ReadableStream<Uint8Array>,
  protocol: ChatProtocol,
  host: string,
): AsyncGenerator<ChatEvent> {
  let ended = false;
  const frames = protocol.framing === 'sse' ? sseFrames(body) : ndjsonFrames(body);
  for await (const frame of frames) {
    for (const event of protocol.parse(frame)) {
      if (event.type === 'end') ended = true;
      yield event;
    }
  }
  if (!ended) {
    throw new ChatError(
      'incomplete',
      `${host} closed the connection before the answer was finished. What arrived is kept; run it again for the rest.`,
    );
  }
}
