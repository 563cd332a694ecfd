import { memo, useCallback, useLayoutEffect, useMemo, useRef } from 'react';
import { ChevronDown } from 'lucide-react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuTrigger } from '@/components/ui/dropdown-menu';
import { toast } from '@/components/ui/toast';
import type { CatalogModel } from '../types/catalog';
import { bulkPreferenceChanges, summarizeConnections, type BulkChoice, type ConnectionSummary } from '../utils/bulk-preferences';
import { useSetModelsEnabled } from '../hooks/use-model-preferences';

const choices: { choice: BulkChoice; label: string; done: string }[] = [
  { choice: 'all', label: 'Enable all models', done: 'All models enabled' },
  { choice: 'none', label: 'Disable all models', done: 'All models disabled' },
  { choice: 'favorites', label: 'Enable only favorites', done: 'Only favorites enabled' },
];

/** Per connection: how many of its models show up in pickers, and bulk choices to change that. */
// Memoized: typing in the catalog's search re-renders the page, not this card.
export const ConnectionPreferencesCard = memo(function ConnectionPreferencesCard({ models }: { models: readonly CatalogModel[] }) {
  const connections = useMemo(() => summarizeConnections(models), [models]);
  const setModelsEnabled = useSetModelsEnabled();
  // The latest models, read when a choice is made: keeps `apply` stable so unchanged rows skip renders.
  const modelsRef = useRef(models);
  useLayoutEffect(() => {
    modelsRef.current = models;
  });

  const apply = useCallback(
    async (connectionId: string, name: string, choice: Choice) => {
      const changes = bulkPreferenceChanges(modelsRef.current, connectionId, choice.choice);
      if (changes.length === 0) {
        toast.info(`Nothing to change on “${name}”`, `${choice.done} already.`);
        return;
      }
      const outcome = await setModelsEnabled(changes, `The models of “${name}” could not be changed`);
      if (outcome?.ok) toast.success(`${choice.done} on “${name}”`, `${changes.length} ${changes.length === 1 ? 'model' : 'models'} changed.`);
    },
    [setModelsEnabled],
  );

  return (
    <Card role="region" aria-label="Which models show up">
      <CardHeader>
        <CardTitle>Which models show up</CardTitle>
        <CardDescription>Pickers offer enabled models of enabled connections. Change a whole connection at once.</CardDescription>
      </CardHeader>
      <CardContent>
        <ul className="grid gap-3">
          {connections.map((connection) => (
            <ConnectionRow key={connection.id} {...connection} onChoose={apply} />
          ))}
        </ul>
      </CardContent>
    </Card>
  );
});

type Choice = (typeof choices)[number];

interface ConnectionRowProps extends ConnectionSummary {
  onChoose: (connectionId: string, name: string, choice: Choice) => Promise<void>;
}

const ConnectionRow = memo(function ConnectionRow({ id, name, connectionEnabled, total, enabled, favorites, onChoose }: ConnectionRowProps) {
  return (
    <li className="flex items-center justify-between gap-3">
      <div className="min-w-0">
        <div className="flex items-center gap-2">
          <span className="truncate text-sm font-medium">{name}</span>
          {connectionEnabled ? null : <Badge tone="unknown">Connection off</Badge>}
        </div>
        <p className="text-xs text-muted-foreground tabular-nums" aria-label={`${enabled} of ${total} models of ${name} enabled`}>
          {enabled} of {total} enabled · {favorites} {favorites === 1 ? 'favorite' : 'favorites'}
        </p>
      </div>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="secondary" size="sm" aria-label={`Choose which models of ${name} are enabled`}>
            Change <ChevronDown aria-hidden="true" />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end">
          {choices.map((choice) => (
            <DropdownMenuItem key={choice.choice} onSelect={() => void onChoose(id, name, choice)}>
              {choice.label}
            </DropdownMenuItem>
          ))}
        </DropdownMenuContent>
      </DropdownMenu>
    </li>
  );
});
