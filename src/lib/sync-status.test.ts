import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { describeSyncStatus, msUntilSyncStatusChanges } from './sync-status';

describe('describeSyncStatus', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-11-25T12:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('moves from "just now" through minutes to "Stale" as the clock advances', () => {
    const syncedAt = Date.now();
    const statusNow = () => describeSyncStatus(syncedAt, Date.now());

    expect(statusNow()).toEqual({ freshness: 'fresh', label: 'Synced just now' });
    vi.advanceTimersByTime(59_999);
    expect(statusNow().label).toBe('Synced just now');
    vi.advanceTimersByTime(1);
    expect(statusNow()).toEqual({ freshness: 'fresh', label: 'Synced 1m ago' });
    vi.advanceTimersByTime(3 * 60_000);
    expect(statusNow().label).toBe('Synced 4m ago');
    vi.advanceTimersByTime(59_999);
    expect(statusNow()).toEqual({ freshness: 'fresh', label: 'Synced 4m ago' });
    vi.advanceTimersByTime(1);
    expect(statusNow()).toEqual({ freshness: 'stale', label: 'Stale' });
    vi.advanceTimersByTime(24 * 3600_000);
    expect(statusNow().label).toBe('Stale');
  });

  it('accepts ISO strings and treats a slightly future time (clock skew) as just now', () => {
    expect(describeSyncStatus('2026-11-25T11:57:30Z', new Date()).label).toBe('Synced 2m ago');
    expect(describeSyncStatus(Date.now() + 5_000, Date.now()).label).toBe('Synced just now');
  });

  it('calls never-synced and unreadable times stale', () => {
    expect(describeSyncStatus(null, Date.now())).toEqual({ freshness: 'stale', label: 'Not synced yet' });
    expect(describeSyncStatus('garbage', Date.now()).freshness).toBe('stale');
  });

  it('tells the badge when to re-render next', () => {
    const syncedAt = Date.now();
    expect(msUntilSyncStatusChanges(syncedAt, Date.now())).toBe(60_000);
    vi.advanceTimersByTime(150_000);
    expect(msUntilSyncStatusChanges(syncedAt, Date.now())).toBe(30_000);
    vi.advanceTimersByTime(150_000);
    expect(msUntilSyncStatusChanges(syncedAt, Date.now())).toBeNull();
    expect(msUntilSyncStatusChanges(null, Date.now())).toBeNull();
  });
});
