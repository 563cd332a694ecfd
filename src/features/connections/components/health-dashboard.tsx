import { Link } from 'react-router';
import { Card } from '@/components/ui/card';
import { Skeleton } from '@/components/ui/skeleton';
import { Spinner } from '@/components/ui/spinner';
import { connectionPath } from '@/config/paths';
import { cn } from '@/lib/utils';
import { useRecentHealth } from '../api/get-recent-health';
import type { CheckAllState } from '../hooks/use-check-all';
import type { Connection, HealthStatus, ProviderKind } from '../types/connections';
import { formatLatency, statusLabels, toHealthStatus } from '../utils/format';
import { STATUS_COLORS } from '../utils/health-stats';
import { HealthBadge } from './health-badge';
import { KindIcon } from './kind-icon';
import { LatencySparkline } from './latency-sparkline';
import { RelativeTime } from './relative-time';

interface HealthDashboardProps {
  connections: readonly Connection[];
  kinds: ReadonlyMap<string, ProviderKind>;
  checkAll: Pick<CheckAllState, 'running' | 'results'>;
}

const ORDER: readonly HealthStatus[] = ['healthy', 'degraded', 'unhealthy', 'unknown'];

/** Every connection at a glance: counts by status, then each one's status, latency trend and times. */
export function HealthDashboard({ connections, kinds, checkAll }: HealthDashboardProps) {
  const recent = useRecentHealth();
  const statusOf = (c: Connection): HealthStatus => {
    const live = checkAll.results.get(c.id);
    return live ? live.status : toHealthStatus(c.health_status);
  };
  const counts = ORDER.map((status) => ({ status, count: connections.filter((c) => statusOf(c) === status).length }));

  return (
    <div className="grid gap-6">
      <ul className="grid grid-cols-2 gap-3 lg:grid-cols-4" aria-label="Connections by status">
        {counts.map(({ status, count }) => (
          <li key={status}>
            <Card className="flex items-center gap-3 p-4">
              <span aria-hidden="true" className="size-2.5 rounded-full" style={{ backgroundColor: STATUS_COLORS[status] }} />
              <span className="text-2xl font-semibold tabular-nums">{count}</span>
              <span className="text-sm text-muted-foreground">{status === 'unknown' ? 'Not checked' : statusLabels[status]}</span>
            </Card>
          </li>
        ))}
      </ul>

      <Card className="overflow-hidden">
        <ul className="divide-y divide-border" aria-label="Health of each connection">
          {connections.map((connection) => {
            const live = checkAll.results.get(connection.id);
            const pending = checkAll.running && connection.enabled && !live;
            const latency = live ? live.latencyMs : connection.health_latency_ms;
            const error = live ? live.error : connection.health_error;
            const status = statusOf(connection);
            return (
              <li key={connection.id} className={cn('grid gap-3 px-4 py-3 sm:grid-cols-[minmax(0,1fr)_auto] sm:items-center', !connection.enabled && 'opacity-70')}>
                <div className="flex min-w-0 items-start gap-3">
                  <KindIcon kind={connection.kind} providerKind={kinds.get(connection.kind)} size="sm" className="mt-0.5" />
                  <div className="grid min-w-0 gap-1">
                    <div className="flex flex-wrap items-center gap-2">
                      <Link to={connectionPath(connection.id)} className="rounded-sm font-medium hover:underline focus-visible:outline-2 focus-visible:outline-ring">
                        {connection.name}
                      </Link>
                      {pending ? (
                        <span className="inline-flex items-center gap-1.5 text-xs text-muted-foreground">
                          <Spinner className="size-3.5" /> Checking…
                        </span>
                      ) : (
                        <HealthBadge status={status} checkedAt={live ? live.checkedAt : connection.health_checked_at} />
                      )}
                      {!connection.enabled ? <span className="text-xs text-muted-foreground">Disabled</span> : null}
                    </div>
                    {error && status !== 'healthy' && !pending ? <p className="line-clamp-2 text-xs text-muted-foreground">{error}</p> : null}
                  </div>
                </div>
                <dl className="grid grid-cols-[4.5rem_6rem_5.5rem] items-center gap-x-4 gap-y-1 text-sm sm:justify-end md:grid-cols-[120px_4.5rem_6rem_5.5rem]">
                  <div className="hidden md:block">
                    <dt className="sr-only">Latency trend</dt>
                    <dd>{recent.isPending ? <Skeleton className="h-8 w-[120px]" /> : <LatencySparkline checks={recent.data?.get(connection.id) ?? []} />}</dd>
                  </div>
                  <div className="grid gap-0.5">
                    <dt className="text-xs text-muted-foreground">Latency</dt>
                    <dd className="tabular-nums">{formatLatency(latency)}</dd>
                  </div>
                  <div className="grid gap-0.5">
                    <dt className="text-xs text-muted-foreground">Checked</dt>
                    <dd className="whitespace-nowrap">
                      <RelativeTime value={live ? live.checkedAt : connection.health_checked_at} never="Not yet" />
                    </dd>
                  </div>
                  <div className="grid gap-0.5">
                    <dt className="text-xs text-muted-foreground">Used</dt>
                    <dd className="whitespace-nowrap">
                      <RelativeTime value={connection.last_used_at} />
                    </dd>
                  </div>
                </dl>
              </li>
            );
          })}
        </ul>
      </Card>
      {recent.isError ? <p className="text-sm text-muted-foreground">The latency trends could not be loaded; the latest results above are current.</p> : null}
    </div>
  );
}
