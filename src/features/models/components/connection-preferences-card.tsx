import { useMemo } from 'react';
import { ChevronDown } from 'lucide-react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuTrigger } from '@/components/ui/dropdown-menu';
import { toast } from '@/components/ui/toast';
import type { CatalogModel } from '../api/get-model-catalog';
import { bulkPreferenceChanges, summarizeConnections, type BulkChoice } from '../utils/bulk-preferences';
import { useSetModelsEnabled } from '../hooks/use-model-preferences';

const choices: { choice: BulkChoice; label: string; done: string }[] = [
  { choice: 'all', label: 'Enable all models', done: 'All models enabled' },
  { choice: 'none', label: 'Disable all models', done: 'All models disabled' },
  { choice: 'favorites', label: 'Enable only favorites', done: 'Only favorites enabled' },
];

/** Per connection: how many of its models show up in pickers, and bulk choices to change that. */
export function ConnectionPreferencesCard({ models }: { models: readonly CatalogModel[] }) {
  const connections = useMemo(() => summarizeConnections(models), [models]);
  const setModelsEnabled = useSetModelsEnabled();

  const apply = async (connectionId: string, name: string, choice: (typeof choices)[number]) => {
    const changes = bulkPreferenceChanges(models, connectionId, choice.choice);
    if (changes.length === 0) {
      toast.info(`Nothing to change on “${name}”`, `${choice.done} already.`);
      return;
    }
    const outcome = await setModelsEnabled(changes, `The models of “${name}” could not be changed`);
    if (outcome?.ok) toast.success(`${choice.done} on “${name}”`, `${changes.length} ${changes.length === 1 ? 'model' : 'models'} changed.`);
  };

  return (
    <Card role="region" aria-label="Which models show up">
      <CardHeader>
        <CardTitle>Which models show up</CardTitle>
        <CardDescription>Pickers offer enabled models of enabled connections. Change a whole connection at once.</CardDescription>
      </CardHeader>
      <CardContent>
        <ul className="grid gap-3">
          {connections.map((connection) => (
            <li key={connection.id} className="flex items-center justify-between gap-3">
              <div className="min-w-0">
                <div className="flex items-center gap-2">
                  <span className="truncate text-sm font-medium">{connection.name}</span>
                  {connection.connectionEnabled ? null : <Badge tone="unknown">Connection off</Badge>}
                </div>
                <p className="text-xs text-muted-foreground tabular-nums" aria-label={`${connection.enabled} of ${connection.total} models of ${connection.name} enabled`}>
                  {connection.enabled} of {connection.total} enabled · {connection.favorites} {connection.favorites === 1 ? 'favorite' : 'favorites'}
                </p>
              </div>
              <DropdownMenu>
                <DropdownMenuTrigger asChild>
                  <Button variant="secondary" size="sm" aria-label={`Choose which models of ${connection.name} are enabled`}>
                    Change <ChevronDown aria-hidden="true" />
                  </Button>
                </DropdownMenuTrigger>
                <DropdownMenuContent align="end">
                  {choices.map((choice) => (
                    <DropdownMenuItem key={choice.choice} onSelect={() => void apply(connection.id, connection.name, choice)}>
                      {choice.label}
                    </DropdownMenuItem>
                  ))}
                </DropdownMenuContent>
              </DropdownMenu>
            </li>
          ))}
        </ul>
      </CardContent>
    </Card>
  );
}
