import { z } from 'zod';

/**
 * Tells this browser's other tabs what one tab confirmed with the server, so they update at once
 * instead of on their next refresh: synced preferences and confirmed stars. Messages come from
 * other tabs of the same origin, but they are still parsed (an older build may be open in one).
 */

const CHANNEL_NAME = 'switchboard.models';

const messageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('preferences'),
    preferences: z.object({
      ownerId: z.string(),
      revision: z.number().int().nonnegative(),
      enabled: z.record(z.templateLiteral([z.string(), '/', z.string()]), z.boolean()),
      lastSyncedAt: z.number(),
    }),
  }),
  z.object({ type: z.literal('favorite'), ownerId: z.string(), connectionId: z.string(), modelId: z.string(), favorite: z.boolean() }),
]);

export type ModelsMessage = z.infer<typeof messageSchema>;

type Listener = (message: ModelsMessage) => void;
const listeners = new Set<Listener>();
// One channel per tab for sending and receiving: a second instance in the same tab would hear this
// tab's own messages.
let channel: BroadcastChannel | null | undefined;

function tabChannel(): BroadcastChannel | null {
  if (channel === undefined) {
    // Without BroadcastChannel (old browsers, some test environments) tabs simply sync on refresh.
    channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(CHANNEL_NAME);
    if (channel) {
      channel.onmessage = (event: MessageEvent<unknown>) => {
        const parsed = messageSchema.safeParse(event.data);
        if (parsed.success) for (const listener of listeners) listener(parsed.data);
      };
    }
  }
  return channel;
}

export function postToOtherTabs(message: ModelsMessage): void {
  try {
    tabChannel()?.postMessage(message);
  } catch {
    // A closed channel (the tab is shutting down) has nobody left to tell.
  }
}

export function subscribeToOtherTabs(listener: Listener): () => void {
  tabChannel();
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}
