/**
 * What the sync badge says, as a pure function of the last sync time and the clock, so the badge
 * only re-renders on a timer (see msUntilSyncStatusChanges) and tests need no component.
 */

const MINUTE = 60_000;
export const FRESH_FOR_MS = 5 * MINUTE;

export type SyncFreshness = 'fresh' | 'stale';

export interface SyncStatus {
  freshness: SyncFreshness;
  label: string;
}

function toTime(value: number | string | Date | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const time = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
  return Number.isFinite(time) ? time : null;
}

export function describeSyncStatus(lastSyncedAt: number | string | Date | null | undefined, now: number | Date): SyncStatus {
  const synced = toTime(lastSyncedAt);
  if (synced === null) return { freshness: 'stale', label: 'Not synced yet' };
  // A sync time slightly in the future (clock skew between tabs) still means "just now".
  const age = Math.max(0, toTime(now)! - synced);
  if (age < MINUTE) return { freshness: 'fresh', label: 'Synced just now' };
  if (age < FRESH_FOR_MS) return { freshness: 'fresh', label: `Synced ${Math.floor(age / MINUTE)}m ago` };
  return { freshness: 'stale', label: 'Stale' };
}

/** Milliseconds until the label changes, for the badge's timer; null once stale (it stays so). */
export function msUntilSyncStatusChanges(lastSyncedAt: number | string | Date | null | undefined, now: number | Date): number | null {
  const synced = toTime(lastSyncedAt);
  if (synced === null) return null;
  const age = Math.max(0, toTime(now)! - synced);
  if (age >= FRESH_FOR_MS) return null;
  return MINUTE - (age % MINUTE);
}
