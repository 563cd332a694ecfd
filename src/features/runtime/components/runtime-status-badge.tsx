import { Badge } from '@/components/ui/badge';
import { Spinner } from '@/components/ui/spinner';
import type { RuntimeStatus } from '../types/runtime';

const LOOK: Record<RuntimeStatus, { label: string; tone: 'healthy' | 'degraded' | 'unhealthy' | 'unknown' }> = {
  running: { label: 'Running', tone: 'healthy' },
  loading: { label: 'Loading', tone: 'degraded' },
  idle: { label: 'Idle', tone: 'unknown' },
  error: { label: 'Error', tone: 'unhealthy' },
};

/** A model's runtime status; `stale` marks one recorded earlier, shown while the server is unreachable. */
export function RuntimeStatusBadge({ status, stale = false }: { status: RuntimeStatus; stale?: boolean }) {
  const look = LOOK[status] ?? LOOK.idle;
  return (
    <Badge tone={stale ? 'unknown' : look.tone} dot={status !== 'loading'} data-status={status}>
      {status === 'loading' ? <Spinner className="size-3" /> : null}
      {look.label}
      {stale ? ' (last known)' : ''}
    </Badge>
  );
}
