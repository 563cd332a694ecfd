import { act, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '@/testing/test-utils';
import { SyncBadge } from './sync-badge';
import { TooltipProvider } from './tooltip';

const MINUTE = 60_000;

describe('SyncBadge', () => {
  beforeEach(() => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    vi.setSystemTime(new Date('2026-12-06T12:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('counts up from "just now" to "Stale" on its own as time passes, green then yellow', async () => {
    renderWithProviders(<SyncBadge subject="model preferences" lastSyncedAt={Date.now()} refreshing={false} onRefresh={() => undefined} />);
    const badge = screen.getByTestId('sync-badge');
    expect(badge).toHaveTextContent('Synced just now');
    expect(badge.className).toMatch(/success/);

    // A minute at a time: each label change schedules the next timer when React commits.
    const minutesPass = async (n: number) => {
      // (plus a second: the badge's timer fires just after each minute boundary)
      for (let i = 0; i < n; i++) await act(() => vi.advanceTimersByTimeAsync(MINUTE + 1_000));
    };
    await minutesPass(3);
    expect(badge).toHaveTextContent('Synced 3m ago');
    expect(badge.className).toMatch(/success/);

    await minutesPass(2);
    expect(badge).toHaveTextContent('Stale');
    expect(badge.className).toMatch(/warning/);
  });

  it('shows a spinner while refreshing and offers a refresh button otherwise', async () => {
    const onRefresh = vi.fn();
    const { rerender, user } = renderWithProviders(<SyncBadge subject="model preferences" lastSyncedAt={null} refreshing={false} onRefresh={onRefresh} />);
    expect(screen.getByTestId('sync-badge')).toHaveTextContent('Not synced yet');
    await user.click(screen.getByRole('button', { name: 'Refresh model preferences' }));
    expect(onRefresh).toHaveBeenCalledOnce();

    rerender(
      <TooltipProvider>
        <SyncBadge subject="model preferences" lastSyncedAt={null} refreshing onRefresh={onRefresh} />
      </TooltipProvider>,
    );
    expect(screen.getByTestId('sync-badge')).toHaveTextContent('Not synced yet');
    expect(screen.getByLabelText('Not synced yet, syncing now')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Refresh model preferences' })).toBeDisabled();
  });

  it('turns yellow and says why when there is a reminder, even when fresh', () => {
    renderWithProviders(
      <SyncBadge subject="model preferences" lastSyncedAt={Date.now()} refreshing={false} onRefresh={() => undefined} reminder="An API key changed since your last sync." />,
    );
    expect(screen.getByTestId('sync-badge').className).toMatch(/warning/);
    expect(screen.getByLabelText(/Synced just now\. An API key changed since your last sync\./)).toBeInTheDocument();
  });
});
