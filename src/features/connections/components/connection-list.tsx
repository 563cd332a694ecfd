import type { ReactNode } from 'react';
import { CircleAlert, Globe } from 'lucide-react';
import { Link } from 'react-router';
import { Card } from '@/components/ui/card';
import { Spinner } from '@/components/ui/spinner';
import { Switch } from '@/components/ui/switch';
import { Tooltip } from '@/components/ui/tooltip';
import { connectionPath } from '@/config/paths';
import { cn } from '@/lib/utils';
import { useCheckConnection } from '../api/check-connection';
import type { StoredKey } from '../api/get-connection-keys';
import { useSetConnectionEnabled } from '../api/set-connection-enabled';
import type { Connection, ProviderKind, ServerConfig } from '../types/connections';
import { formatLatency, toHealthStatus } from '../utils/format';
import { keySourceOf } from '../utils/key-source';
import { ConnectionRowActions } from './connection-row-actions';
import { HealthBadge } from './health-badge';
import { KeySourceBadge } from './key-source-badge';
import { KindIcon } from './kind-icon';
import { RelativeTime } from './relative-time';

export interface ConnectionListProps {
  connections: readonly Connection[];
  kinds: ReadonlyMap<string, ProviderKind>;
  storedKeys: ReadonlyMap<string, StoredKey> | undefined;
  serverConfig: ServerConfig;
  onEdit: (connection: Connection) => void;
  onDelete: (connection: Connection) => void;
}

/**
 * Every connection: a table on wide screens, cards on narrow ones (the other layout is hidden, so
 * assistive technology meets each connection once).
 */
export function ConnectionList(props: ConnectionListProps) {
  return (
    <>
      <Card className="hidden overflow-hidden xl:block">
        <table className="w-full text-sm">
          <caption className="sr-only">Your connections</caption>
          <thead className="whitespace-nowrap border-b border-border bg-muted/50 text-left text-xs font-medium text-muted-foreground">
            <tr>
              <th scope="col" className="px-4 py-2.5 font-medium">
                Connection
              </th>
              <th scope="col" className="px-3 py-2.5 font-medium">
                Status
              </th>
              <th scope="col" className="px-3 py-2.5 text-right font-medium">
                Latency
              </th>
              <th scope="col" className="px-3 py-2.5 text-right font-medium">
                Models
              </th>
              <th scope="col" className="px-3 py-2.5 font-medium">
                Key
              </th>
              <th scope="col" className="px-3 py-2.5 font-medium">
                Last checked
              </th>
              <th scope="col" className="px-3 py-2.5 font-medium">
                Last used
              </th>
              <th scope="col" className="px-3 py-2.5 font-medium">
                Enabled
              </th>
              <th scope="col" className="px-3 py-2.5">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.connections.map((connection) => (
              <ConnectionItem key={connection.id} connection={connection} {...props} layout="row" />
            ))}
          </tbody>
        </table>
      </Card>
      <ul className="grid gap-3 md:grid-cols-2 xl:hidden" aria-label="Your connections">
        {props.connections.map((connection) => (
          <ConnectionItem key={connection.id} connection={connection} {...props} layout="card" />
        ))}
      </ul>
    </>
  );
}

type ItemProps = Omit<ConnectionListProps, 'connections'> & { connection: Connection; layout: 'row' | 'card' };

function ConnectionItem({ connection, kinds, storedKeys, serverConfig, onEdit, onDelete, layout }: ItemProps) {
  const kind = kinds.get(connection.kind);
  const check = useCheckConnection();
  const setEnabled = useSetConnectionEnabled();
  const status = toHealthStatus(connection.health_status);
  const source = keySourceOf(connection.id, connection.kind, storedKeys, serverConfig.serverKeys);
  const storedKey = storedKeys?.get(connection.id);
  const checking = check.isPending;

  const name = (
    <Link to={connectionPath(connection.id)} className="rounded-sm font-medium text-foreground hover:underline focus-visible:outline-2 focus-visible:outline-ring">
      {connection.name}
    </Link>
  );
  const statusBadge = (
    <span className="inline-flex items-center gap-2">
      <HealthBadge status={status} checkedAt={connection.health_checked_at} />
      {checking ? <Spinner label={`Checking ${connection.name}`} className="size-3.5 text-muted-foreground" /> : null}
    </span>
  );
  const enabledSwitch = (
    <Switch
      checked={connection.enabled}
      aria-label={`${connection.name} enabled`}
      onCheckedChange={(enabled) => setEnabled.mutate({ id: connection.id, name: connection.name, enabled })}
    />
  );
  const actions = (
    <ConnectionRowActions
      connection={connection}
      checking={checking}
      onCheck={() => kind && check.mutate({ connection, kind })}
      onEdit={() => onEdit(connection)}
      onDelete={() => onDelete(connection)}
    />
  );
  const browserNote =
    connection.probe_from === 'browser' ? (
      <Tooltip content="Checked from your browser: the server cannot reach this address.">
        <Globe tabIndex={0} aria-label="Checked from your browser" className="size-3.5 shrink-0 rounded-sm text-muted-foreground focus-visible:outline-2 focus-visible:outline-ring" />
      </Tooltip>
    ) : null;
  const error =
    connection.health_error && status !== 'healthy' ? (
      <p className={cn('flex items-start gap-1.5 text-xs', status === 'unhealthy' ? 'text-destructive-soft-foreground' : 'text-warning-soft-foreground')}>
        <CircleAlert aria-hidden="true" className="mt-0.5 size-3 shrink-0" />
        <span className={layout === 'card' ? 'line-clamp-4' : undefined}>{connection.health_error}</span>
      </p>
    ) : null;

  if (layout === 'row') {
    return (
      <>
        <tr className={cn('border-t border-border align-top first:border-t-0', !connection.enabled && 'text-muted-foreground', error && '[&>td]:pb-1.5')}>
          <td className="max-w-0 px-4 py-3" style={{ width: '34%' }}>
            <div className="flex min-w-0 gap-3">
              <KindIcon kind={connection.kind} providerKind={kind} size="sm" className="mt-0.5" />
              <div className="grid min-w-0 gap-0.5">
                <div className="flex min-w-0 items-center gap-1.5">
                  {name}
                  {browserNote}
                </div>
                <p className="truncate font-mono text-xs text-muted-foreground" title={connection.base_url}>
                  <span className="sr-only">{kind?.label ?? connection.kind} at </span>
                  {connection.base_url}
                </p>
              </div>
            </div>
          </td>
          <td className="px-3 py-3">{statusBadge}</td>
          <td className="whitespace-nowrap px-3 py-3 text-right tabular-nums">{formatLatency(connection.health_latency_ms)}</td>
          <td className="px-3 py-3 text-right tabular-nums">{connection.model_count.toLocaleString('en')}</td>
          <td className="px-3 py-3">
            <KeySourceBadge source={source} hint={storedKey?.hint} />
          </td>
          <td className="whitespace-nowrap px-3 py-3">
            <RelativeTime value={connection.health_checked_at} never="Not yet" />
          </td>
          <td className="whitespace-nowrap px-3 py-3">
            <RelativeTime value={connection.last_used_at} />
          </td>
          <td className="px-3 py-3">{enabledSwitch}</td>
          <td className="px-3 py-2 text-right">{actions}</td>
        </tr>
        {error ? (
          // The latest problem gets the full width: it usually says how to fix it.
          <tr>
            <td colSpan={9} className="px-4 pb-3 pl-14 pt-0">
              <span className="sr-only">{connection.name}: </span>
              {error}
            </td>
          </tr>
        ) : null}
      </>
    );
  }

  return (
    <li>
      <Card className={cn('grid gap-4 p-4', !connection.enabled && 'bg-muted/40')}>
        <div className="flex items-start gap-3">
          <KindIcon kind={connection.kind} providerKind={kind} />
          <div className="grid min-w-0 flex-1 gap-0.5">
            <div className="flex min-w-0 items-center gap-1.5">
              {name}
              {browserNote}
            </div>
            <p className="truncate font-mono text-xs text-muted-foreground" title={connection.base_url}>
              <span className="sr-only">{kind?.label ?? connection.kind} at </span>
              {connection.base_url}
            </p>
          </div>
          {actions}
        </div>
        {error}
        <dl className="grid grid-cols-2 gap-x-4 gap-y-3 text-sm sm:grid-cols-3">
          <Fact label="Status">{statusBadge}</Fact>
          <Fact label="Latency">
            <span className="tabular-nums">{formatLatency(connection.health_latency_ms)}</span>
          </Fact>
          <Fact label="Models">
            <span className="tabular-nums">{connection.model_count.toLocaleString('en')}</span>
          </Fact>
          <Fact label="Key">
            <KeySourceBadge source={source} hint={storedKey?.hint} />
          </Fact>
          <Fact label="Last checked">
            <RelativeTime value={connection.health_checked_at} never="Not yet" />
          </Fact>
          <Fact label="Last used">
            <RelativeTime value={connection.last_used_at} />
          </Fact>
        </dl>
        <div className="flex items-center justify-between border-t border-border pt-3 text-sm">
          <span className="text-muted-foreground">{connection.enabled ? 'Enabled' : 'Disabled'}</span>
          {enabledSwitch}
        </div>
      </Card>
    </li>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid min-w-0 gap-1">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="min-w-0">{children}</dd>
    </div>
  );
}
