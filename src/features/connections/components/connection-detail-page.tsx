import { lazy, Suspense, useMemo, useState, type ReactNode } from 'react';
import { Activity, ArrowLeft, CircleAlert, MoreHorizontal, Pencil, SearchX, Trash2 } from 'lucide-react';
import { Link, useNavigate } from 'react-router';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuTrigger } from '@/components/ui/dropdown-menu';
import { EmptyState } from '@/components/ui/empty-state';
import { Skeleton } from '@/components/ui/skeleton';
import { Switch } from '@/components/ui/switch';
import { paths } from '@/config/paths';
import { useCheckConnection } from '../api/check-connection';
import { useConnection } from '../api/get-connection';
import { useConnectionKeys } from '../api/get-connection-keys';
import { useHealthHistory } from '../api/get-health-history';
import { useProviderKinds } from '../api/get-provider-kinds';
import { UNKNOWN_SERVER_CONFIG, useServerConfig } from '../api/get-server-config';
import { useRefreshModels } from '../api/refresh-models';
import { useSetConnectionEnabled } from '../api/set-connection-enabled';
import { useRefreshWhenStale } from '../hooks/use-refresh-when-stale';
import type { Connection } from '../types/connections';
import { describeError } from '@/lib/errors';
import { formatLatency, toHealthStatus } from '../utils/format';
import { AuditCard } from './audit-card';
import { ConnectionFormDialog } from './connection-form-dialog';
import { DeleteConnectionDialog } from './delete-connection-dialog';
import { HealthBadge } from './health-badge';
import { KeyCard } from './key-card';
import { KindIcon } from './kind-icon';
import { ModelsCard } from './models-card';
import { RelativeTime } from './relative-time';

// The chart library is the biggest part of this page: load it alongside, not before, the rest.
const HealthHistoryChart = lazy(() => import('./health-history-chart').then((module) => ({ default: module.HealthHistoryChart })));

interface ConnectionDetailPageProps {
  connectionId: string;
  /** The signed-in user, to say "You" in the change history. */
  viewerId: string | null | undefined;
}

export function ConnectionDetailPage({ connectionId, viewerId }: ConnectionDetailPageProps) {
  const connection = useConnection(connectionId);
  const kinds = useProviderKinds();

  if (connection.isPending || kinds.isPending) return <DetailSkeleton />;
  if (connection.isError || kinds.isError) {
    return (
      <div className="grid gap-6">
        <BackLink />
        <Alert tone="error" title="This connection could not be loaded">
          {describeError(connection.error ?? kinds.error, 'Loading failed')}
        </Alert>
      </div>
    );
  }
  if (!connection.data) {
    return (
      <div className="grid gap-6">
        <title>Connection not found · Switchboard</title>
        <BackLink />
        <EmptyState
          icon={SearchX}
          title="This connection does not exist"
          description="It may have been deleted, or the address is mistyped."
          action={
            <Button asChild>
              <Link to={paths.connections}>See all connections</Link>
            </Button>
          }
        />
      </div>
    );
  }
  return <ConnectionDetail connection={connection.data} kinds={kinds.data} viewerId={viewerId} />;
}

function BackLink() {
  return (
    <Link to={paths.connections} className="inline-flex w-fit items-center gap-1.5 rounded-sm text-sm text-muted-foreground hover:text-foreground focus-visible:outline-2 focus-visible:outline-ring">
      <ArrowLeft aria-hidden="true" className="size-4" />
      Connections
    </Link>
  );
}

function ConnectionDetail({ connection, kinds, viewerId }: { connection: Connection; kinds: NonNullable<ReturnType<typeof useProviderKinds>['data']>; viewerId: string | null | undefined }) {
  const navigate = useNavigate();
  const keys = useConnectionKeys();
  const serverConfig = useServerConfig().data ?? UNKNOWN_SERVER_CONFIG;
  const history = useHealthHistory(connection.id);
  const check = useCheckConnection();
  const refresh = useRefreshModels();
  const setEnabled = useSetConnectionEnabled();
  const [editOpen, setEditOpen] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const kind = useMemo(() => kinds.find((k) => k.id === connection.kind), [kinds, connection.kind]);
  const status = toHealthStatus(connection.health_status);
  const storedKey = keys.data?.get(connection.id);
  const busy = check.isPending || refresh.isPending;
  useRefreshWhenStale(connection, kind);

  return (
    <div className="grid gap-6">
      <title>{`${connection.name} · Connections · Switchboard`}</title>
      <BackLink />
      <header className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
        <div className="flex min-w-0 items-start gap-4">
          <KindIcon kind={connection.kind} providerKind={kind} size="lg" />
          <div className="grid min-w-0 gap-1">
            <div className="flex flex-wrap items-center gap-2">
              <h1 className="text-2xl font-semibold tracking-tight break-words">{connection.name}</h1>
              <HealthBadge status={status} checkedAt={connection.health_checked_at} />
              {!connection.enabled ? <span className="text-sm text-muted-foreground">Disabled</span> : null}
            </div>
            <p className="text-sm text-muted-foreground">
              {kind?.label ?? connection.kind} · <span className="break-all font-mono text-xs">{connection.base_url}</span>
            </p>
          </div>
        </div>
        <div className="flex shrink-0 flex-wrap items-center gap-2">
          <Button variant="secondary" onClick={() => kind && check.mutate({ connection, kind })} loading={check.isPending} disabled={busy && !check.isPending}>
            {check.isPending ? null : <Activity />}
            {check.isPending ? 'Checking…' : 'Check now'}
          </Button>
          <Button variant="secondary" onClick={() => setEditOpen(true)}>
            <Pencil />
            Edit
          </Button>
          <DropdownMenu>
            <DropdownMenuTrigger asChild>
              <Button variant="ghost" size="icon" aria-label="More actions">
                <MoreHorizontal />
              </Button>
            </DropdownMenuTrigger>
            <DropdownMenuContent align="end">
              <DropdownMenuItem destructive onSelect={() => setDeleting(true)}>
                <Trash2 />
                Delete connection
              </DropdownMenuItem>
            </DropdownMenuContent>
          </DropdownMenu>
        </div>
      </header>

      {connection.health_error && status !== 'healthy' ? (
        <Alert tone={status === 'unhealthy' ? 'error' : 'warning'} title={status === 'unhealthy' ? 'The latest check failed' : 'The latest check found a problem'}>
          {connection.health_error}
        </Alert>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="grid content-start gap-6 lg:col-span-2">
          <Card>
            <CardHeader>
              <CardTitle>Health</CardTitle>
              <CardDescription>
                Latency of the latest checks, colored by result.{' '}
                {connection.probe_from === 'browser' ? 'Checked from your browser.' : 'Checked by the server.'}
              </CardDescription>
            </CardHeader>
            <CardContent className="grid gap-5">
              <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
                <Stat label="Status">
                  <HealthBadge status={status} checkedAt={connection.health_checked_at} />
                </Stat>
                <Stat label="Latency">
                  <span className="tabular-nums">{formatLatency(connection.health_latency_ms)}</span>
                </Stat>
                <Stat label="Last checked">
                  <RelativeTime value={connection.health_checked_at} never="Not yet" />
                </Stat>
                <Stat label="Last used">
                  <RelativeTime value={connection.last_used_at} />
                </Stat>
              </dl>
              {history.isPending ? (
                <Skeleton className="h-56 w-full" />
              ) : history.isError ? (
                <Alert tone="error">{describeError(history.error, 'The health history could not be loaded')}</Alert>
              ) : history.data.length === 0 ? (
                <div className="flex h-40 flex-col items-center justify-center gap-1 rounded-lg border border-dashed border-border text-center text-sm text-muted-foreground">
                  <CircleAlert aria-hidden="true" className="size-5" />
                  No checks yet. Use “Check now” to see how it is doing.
                </div>
              ) : (
                <Suspense fallback={<Skeleton className="h-56 w-full" />}>
                  <HealthHistoryChart checks={history.data} />
                </Suspense>
              )}
            </CardContent>
          </Card>
          <ModelsCard connection={connection} onRefresh={() => kind && refresh.mutate({ connection, kind })} refreshing={refresh.isPending} />
        </div>

        <div className="grid content-start gap-6">
          <Card>
            <CardHeader>
              <CardTitle>Settings</CardTitle>
            </CardHeader>
            <CardContent>
              <dl className="grid gap-3 text-sm">
                <Row label="Kind">{kind?.label ?? connection.kind}</Row>
                <Row label="Base URL">
                  <span className="break-all font-mono text-xs">{connection.base_url}</span>
                </Row>
                {connection.models_path ? (
                  <Row label="Models path">
                    <span className="font-mono text-xs">{connection.models_path}</span>
                  </Row>
                ) : null}
                {connection.auth_header ? (
                  <Row label="Auth header">
                    <span className="font-mono text-xs">{connection.auth_header}</span>
                  </Row>
                ) : null}
                <Row label="Checks run">{connection.probe_from === 'browser' ? 'From this browser' : 'On the server'}</Row>
                <Row label="Prompts run">{connection.request_count.toLocaleString('en')}</Row>
                <div className="flex items-center justify-between gap-3 border-t border-border pt-3">
                  <dt id="detail-enabled-label">Enabled</dt>
                  <dd>
                    <Switch
                      aria-labelledby="detail-enabled-label"
                      checked={connection.enabled}
                      onCheckedChange={(enabled) => setEnabled.mutate({ id: connection.id, name: connection.name, enabled })}
                    />
                  </dd>
                </div>
              </dl>
            </CardContent>
          </Card>
          <KeyCard connection={connection} kind={kind} storedKey={storedKey} serverConfig={serverConfig} />
          <AuditCard connectionId={connection.id} viewerId={viewerId} />
        </div>
      </div>

      <ConnectionFormDialog open={editOpen} onOpenChange={setEditOpen} kinds={kinds} serverConfig={serverConfig} connection={connection} storedKey={storedKey} />
      <DeleteConnectionDialog
        connection={deleting ? connection : null}
        hasKey={Boolean(storedKey)}
        onOpenChange={(open) => !open && setDeleting(false)}
        onDeleted={() => navigate(paths.connections, { replace: true })}
      />
    </div>
  );
}

function Stat({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid gap-1">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="text-sm">{children}</dd>
    </div>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[7rem_minmax(0,1fr)] gap-3">
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="min-w-0">{children}</dd>
    </div>
  );
}

function DetailSkeleton() {
  return (
    <div aria-busy="true" aria-label="Loading the connection" className="grid gap-6">
      <Skeleton className="h-4 w-28" />
      <div className="flex items-center gap-4">
        <Skeleton className="size-11 rounded-lg" />
        <div className="grid gap-2">
          <Skeleton className="h-7 w-56" />
          <Skeleton className="h-4 w-72" />
        </div>
      </div>
      <div className="grid gap-6 lg:grid-cols-3">
        <Skeleton className="h-80 lg:col-span-2" />
        <Skeleton className="h-80" />
      </div>
    </div>
  );
}
