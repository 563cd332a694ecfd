import type { IncomingMessage } from 'node:http';

/** How long the gateway keeps reading a body nobody wants before it closes the client's connection. */
const DISCARD_UNREAD_BODY_MS = 10_000;

const discarding = new WeakSet<IncomingMessage>();

/**
 * Reads and throws away whatever is left of a request body once nobody will use it (its answer is
 * out, or on its way), so that the client's kept-alive connection reaches the next request.
 *
 * Node's server does this by itself only for a body nobody started to consume; a body piped
 * somewhere (the proxy's upstream) is left where the pipe stopped, and the next request on that
 * connection sits behind it unread, forever. A client still sending after `limitMs` has its
 * connection closed instead: its answer is out, and the gateway does not read for it without end.
 */
export function discardUnreadBody(req: IncomingMessage, limitMs = DISCARD_UNREAD_BODY_MS): void {
  // Not `complete`: a body received in full can still sit unread in the stream, and while it does
  // Node does not read the connection on to the next request.
  if (req.readableEnded || req.destroyed || discarding.has(req)) return;
  discarding.add(req);
  const socket = req.socket;
  const timer = setTimeout(() => socket.destroy(), limitMs);
  timer.unref();
  const stop = () => {
    clearTimeout(timer);
    req.off('end', stop);
    socket.off('close', stop);
  };
  req.on('end', stop);
  socket.on('close', stop);
  req.unpipe();
  req.resume();
}
