import { Cpu } from 'lucide-react';
import { Link } from 'react-router';
import { EmptyState } from '@/components/ui/empty-state';
import { Skeleton } from '@/components/ui/skeleton';
import { paths } from '@/config/paths';
import { useRuntimeConnections } from '../api/get-runtime-connections';
import { PresetsCard } from './presets-card';
import { RuntimeConnectionCard } from './runtime-connection-card';

/** Every Ollama and LM Studio connection with its models and controls, then the presets. */
export function RuntimePage() {
  const connections = useRuntimeConnections();
  return (
    <div className="grid gap-6">
      {connections.isPending ? (
        <Skeleton className="h-40" />
      ) : connections.isError ? (
        <EmptyState icon={Cpu} title="Your servers could not be loaded" description="Check your network connection, then reload the page." />
      ) : connections.data.length === 0 ? (
        <EmptyState
          icon={Cpu}
          title="No Ollama or LM Studio server yet"
          description="Add a connection to your own Ollama or LM Studio server; its models show up here, ready to load and unload."
          action={
            <Link className="text-sm font-medium text-primary underline" to={paths.connections}>
              Add a connection
            </Link>
          }
        />
      ) : (
        connections.data.map((connection) => <RuntimeConnectionCard key={connection.id} connection={connection} />)
      )}
      <PresetsCard />
    </div>
  );
}
