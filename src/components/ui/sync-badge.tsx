import { useEffect, useState } from 'react';
import { RefreshCw } from 'lucide-react';
import { describeSyncStatus, msUntilSyncStatusChanges } from '@/lib/sync-status';
import { cn } from '@/lib/utils';
import { Badge } from './badge';
import { Button } from './button';
import { Spinner } from './spinner';
import { Tooltip } from './tooltip';

export interface SyncBadgeProps {
  /** When this data last matched the server (epoch ms, ISO string or Date); null when it never did. */
  lastSyncedAt: number | string | Date | null;
  refreshing: boolean;
  onRefresh: () => void;
  /** What is synced, for labels: "model preferences". */
  subject: string;
  /** Something the person should know before trusting the data, e.g. that a key changed since. */
  reminder?: string | null;
  className?: string;
}

/**
 * "Synced just now" / "Synced 3m ago" (green) / "Stale" (yellow), a spinner while refreshing, and a
 * refresh button. The label re-renders exactly when it would change (a timer per minute boundary),
 * not on a fixed poll.
 */
export function SyncBadge({ lastSyncedAt, refreshing, onRefresh, subject, reminder, className }: SyncBadgeProps) {
  const [now, setNow] = useState(() => Date.now());
  const status = describeSyncStatus(lastSyncedAt, now);

  // A sync newer than the last clock reading reads as age 0 ("just now"), which is true; the timer
  // then re-reads the clock whenever the label is due to change.
  useEffect(() => {
    const wait = msUntilSyncStatusChanges(lastSyncedAt, now);
    if (wait === null) return;
    const timer = setTimeout(() => setNow(Date.now()), wait + 50);
    return () => clearTimeout(timer);
  }, [lastSyncedAt, now]);

  // While refreshing, the status stays readable (how old what you see is), with a spinner beside it.
  const label = status.label;
  const spoken = `${label}${refreshing ? ', syncing now' : ''}${reminder ? `. ${reminder}` : ''}`;
  const tooltip = reminder ?? (status.freshness === 'stale' ? `Your ${subject} may be out of date. Refresh to load the latest.` : `Your ${subject} match the server.`);

  return (
    <div className={cn('inline-flex items-center gap-1', className)}>
      <Tooltip content={tooltip}>
        <span tabIndex={0} aria-label={spoken} className="rounded-full focus-visible:outline-2 focus-visible:outline-ring">
          <Badge tone={status.freshness === 'fresh' && !reminder ? 'healthy' : 'degraded'} dot={!refreshing} role="status" aria-live="polite" data-testid="sync-badge">
            {refreshing ? <Spinner className="size-3" /> : null}
            {label}
            {reminder && !refreshing ? <span aria-hidden="true">·&nbsp;refresh</span> : null}
          </Badge>
        </span>
      </Tooltip>
      <Button type="button" variant="ghost" size="icon-sm" onClick={onRefresh} disabled={refreshing} aria-label={`Refresh ${subject}`} title={`Refresh ${subject}`}>
        <RefreshCw aria-hidden="true" className={cn(refreshing && 'animate-spin')} />
      </Button>
    </div>
  );
}
