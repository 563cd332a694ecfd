import { lazy, Suspense, useMemo, useState } from 'react';
import { Cable, FileUp, Plus, RefreshCw } from 'lucide-react';
import { useSearchParams } from 'react-router';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { Skeleton } from '@/components/ui/skeleton';
import { Tabs, TabsContent, TabsList, TabsTrigger } from '@/components/ui/tabs';
import { useConnectionKeys } from '../api/get-connection-keys';
import { useConnections } from '../api/get-connections';
import { useProviderKinds } from '../api/get-provider-kinds';
import { UNKNOWN_SERVER_CONFIG, useServerConfig } from '../api/get-server-config';
import { useCheckAll } from '../hooks/use-check-all';
import type { Connection } from '../types/connections';
import { describeError } from '@/lib/errors';
import { CheckAllButton } from './check-all-button';
import { ConnectionFormDialog } from './connection-form-dialog';
import { ConnectionList } from './connection-list';
import { DeleteConnectionDialog } from './delete-connection-dialog';
import { ImportLegacyDialog } from './import-legacy-dialog';

// The dashboard draws charts; their library loads only when someone opens the tab.
const HealthDashboard = lazy(() => import('./health-dashboard').then((module) => ({ default: module.HealthDashboard })));

type Tab = 'list' | 'health';

/** The Connections page: every connection, their health at a glance, and the ways to add more. */
export function ConnectionsPage() {
  const connections = useConnections();
  const kinds = useProviderKinds();
  const keys = useConnectionKeys();
  const serverConfig = useServerConfig().data ?? UNKNOWN_SERVER_CONFIG;
  const checkAll = useCheckAll();
  const [searchParams, setSearchParams] = useSearchParams();
  const tab: Tab = searchParams.get('tab') === 'health' ? 'health' : 'list';
  const [formOpen, setFormOpen] = useState(false);
  const [editing, setEditing] = useState<Connection | undefined>(undefined);
  const [deleting, setDeleting] = useState<Connection | null>(null);
  const [importOpen, setImportOpen] = useState(false);

  const kindMap = useMemo(() => new Map((kinds.data ?? []).map((k) => [k.id, k])), [kinds.data]);
  const list = connections.data ?? [];
  const ready = connections.isSuccess && kinds.isSuccess;

  const openAdd = () => {
    setEditing(undefined);
    setFormOpen(true);
  };
  const openEdit = (connection: Connection) => {
    setEditing(connection);
    setFormOpen(true);
  };

  const actions = (
    <>
      <Button variant="secondary" onClick={() => setImportOpen(true)}>
        <FileUp />
        Import
      </Button>
      <Button onClick={openAdd} disabled={!kinds.isSuccess}>
        <Plus />
        Add connection
      </Button>
    </>
  );

  let body;
  if (connections.isError || kinds.isError) {
    const error = connections.error ?? kinds.error;
    body = (
      <Alert tone="error" title="Your connections could not be loaded">
        <div className="grid justify-items-start gap-3">
          <span>{describeError(error, 'Loading failed')}</span>
          <Button
            size="sm"
            variant="secondary"
            onClick={() => {
              void connections.refetch();
              void kinds.refetch();
            }}
          >
            <RefreshCw />
            Try again
          </Button>
        </div>
      </Alert>
    );
  } else if (!ready) {
    body = <ListSkeleton />;
  } else if (list.length === 0) {
    body = (
      <EmptyState
        icon={Cable}
        title="Connect your first model provider"
        description="Add a cloud API such as OpenAI or Anthropic, or a server you run yourself, such as Ollama or LM Studio. Switchboard then checks it and lists its models."
        action={
          <div className="flex flex-wrap justify-center gap-2">
            <Button onClick={openAdd}>
              <Plus />
              Add your first connection
            </Button>
            <Button variant="secondary" onClick={() => setImportOpen(true)}>
              <FileUp />
              Import from an older version
            </Button>
          </div>
        }
      />
    );
  } else {
    body = (
      <Tabs value={tab} onValueChange={(value) => setSearchParams(value === 'health' ? { tab: 'health' } : {}, { replace: true })}>
        <div className="flex flex-wrap items-center justify-between gap-3">
          <TabsList aria-label="Views">
            <TabsTrigger value="list">
              All connections <span className="tabular-nums text-muted-foreground">{list.length}</span>
            </TabsTrigger>
            <TabsTrigger value="health">Health</TabsTrigger>
          </TabsList>
          <CheckAllButton state={checkAll} onStart={() => void checkAll.start(list, kindMap)} />
        </div>
        <TabsContent value="list">
          <ConnectionList connections={list} kinds={kindMap} storedKeys={keys.data} serverConfig={serverConfig} onEdit={openEdit} onDelete={setDeleting} />
        </TabsContent>
        <TabsContent value="health">
          <Suspense fallback={<ListSkeleton />}>
            <HealthDashboard connections={list} kinds={kindMap} checkAll={checkAll} />
          </Suspense>
        </TabsContent>
      </Tabs>
    );
  }

  return (
    <div className="grid gap-8">
      <title>Connections · Switchboard</title>
      <PageHeader title="Connections" description="The places your models come from: cloud APIs and servers you run yourself." actions={actions} />
      {body}
      {kinds.data ? (
        <ConnectionFormDialog
          open={formOpen}
          onOpenChange={setFormOpen}
          kinds={kinds.data}
          serverConfig={serverConfig}
          connection={editing}
          storedKey={editing ? keys.data?.get(editing.id) : undefined}
        />
      ) : null}
      <DeleteConnectionDialog connection={deleting} hasKey={deleting ? Boolean(keys.data?.has(deleting.id)) : false} onOpenChange={(open) => !open && setDeleting(null)} />
      <ImportLegacyDialog open={importOpen} onOpenChange={setImportOpen} />
    </div>
  );
}

function ListSkeleton() {
  return (
    <div aria-busy="true" aria-label="Loading your connections" className="grid gap-3">
      <Skeleton className="h-9 w-64" />
      <Card className="grid gap-0 divide-y divide-border">
        {[0, 1, 2].map((i) => (
          <div key={i} className="flex items-center gap-3 p-4">
            <Skeleton className="size-9 rounded-lg" />
            <div className="grid flex-1 gap-2">
              <Skeleton className="h-4 w-40" />
              <Skeleton className="h-3 w-64" />
            </div>
            <Skeleton className="h-5 w-20 rounded-full" />
          </div>
        ))}
      </Card>
    </div>
  );
}
