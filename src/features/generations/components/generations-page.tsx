import { useDeferredValue, useState } from 'react';
import { Search } from 'lucide-react';
import { Input } from '@/components/ui/input';
import { OptionSelect } from '@/components/ui/option-select';
import { Switch } from '@/components/ui/switch';
import { useCollections } from '../api/collections';
import { useRunnableConnections } from '../api/get-runnable-connections';
import type { GenerationFilters } from '../types/generations';
import { GenerationList } from './generation-list';

/** Every run, newest first, with filters and a search of the prompts. */
export function GenerationsPage() {
  const connections = useRunnableConnections();
  const collections = useCollections();
  const [filters, setFilters] = useState<GenerationFilters>({ connectionId: null, modelId: null, favoritesOnly: false, collectionId: null, search: '' });
  const [model, setModel] = useState('');
  // Each change of the search text is a query; deferring keeps typing smooth.
  const query = useDeferredValue({ ...filters, modelId: model.trim() === '' ? null : model.trim() });
  const update = (patch: Partial<GenerationFilters>) => setFilters((current) => ({ ...current, ...patch }));

  return (
    <div className="grid gap-4">
      <div className="flex flex-wrap items-end gap-3" role="search" aria-label="Filter generations">
        <div className="relative min-w-56 flex-1">
          <Search aria-hidden="true" className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground" />
          <Input type="search" aria-label="Search the prompts" placeholder="Search the prompts" value={filters.search} onChange={(event) => update({ search: event.target.value })} className="pl-8" />
        </div>
        <Input aria-label="Model" placeholder="Model id" value={model} onChange={(event) => setModel(event.target.value)} className="w-44" />
        <OptionSelect
          label="Connection"
          value={filters.connectionId}
          onChange={(connectionId) => update({ connectionId })}
          options={(connections.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
          emptyLabel="All connections"
          className="w-44"
        />
        <OptionSelect
          label="Collection"
          value={filters.collectionId}
          onChange={(collectionId) => update({ collectionId })}
          options={(collections.data ?? []).map((c) => ({ value: c.id, label: c.title }))}
          emptyLabel="Any collection"
          className="w-44"
        />
        <label className="flex items-center gap-2 text-sm">
          <Switch checked={filters.favoritesOnly} onCheckedChange={(favoritesOnly) => update({ favoritesOnly })} aria-label="Hearted only" />
          Hearted only
        </label>
      </div>
      <GenerationList
        filters={query}
        emptyTitle={query.favoritesOnly || query.search || query.connectionId || query.collectionId || query.modelId ? 'Nothing matches these filters' : 'No generations yet'}
        emptyDescription="Every prompt you run in the playground is saved here, newest first."
      />
    </div>
  );
}
