import { memo, useCallback, useDeferredValue, useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Boxes, Search } from 'lucide-react';
import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Input } from '@/components/ui/input';
import { OptionSelect, type SelectOption } from '@/components/ui/option-select';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';
import { Skeleton } from '@/components/ui/skeleton';
import { Switch } from '@/components/ui/switch';
import { formatContextLength } from '@/lib/format';
import {
  createFacetsMemo,
  defaultCatalogFilters,
  filterCatalog,
  formatModelCount,
  formatPrice,
  createCatalogSorter,
  type Availability,
  type CatalogFilters,
  type CatalogSort,
} from '../utils/catalog-view';
import { useModelCatalog } from '../hooks/use-model-catalog';
import { useCatalogWithPreferences, useIsPreferencePending, useSetModelsEnabled } from '../hooks/use-model-preferences';
import type { CatalogModel } from '../types/catalog';
import { ConnectionPreferencesCard } from './connection-preferences-card';
import { FavoriteStarButton } from './favorite-star-button';
import { FavoritesFileCard } from './favorites-file-card';
import { ModelPicker, type ModelSelection } from './model-picker';

const ROW_HEIGHT = 60;

const sortLabels: Record<CatalogSort, string> = {
  name: 'Name',
  connection: 'Connection',
  context: 'Context length',
  price: 'Price',
};

export function ModelCatalogPage() {
  const { data: catalog, isPending, isError, refetch } = useModelCatalog();
  const models = useCatalogWithPreferences(catalog);
  const [filters, setFilters] = useState<CatalogFilters>(defaultCatalogFilters);
  const [sort, setSort] = useState<CatalogSort>('name');
  // Filtering is synchronous: a pass over 5,000 precomputed search keys takes about 1.5 ms, and the
  // virtualized list mounts only the rows in view, so a keystroke renders its results in the same
  // task (npm run bench:catalog). Deferring it only added a task hop and a frame. A new sort order
  // over thousands of names is the slow part, so that one renders at lower priority.
  const deferredSort = useDeferredValue(sort);
  const [facetsOf] = useState(createFacetsMemo);
  const facets = useMemo(() => facetsOf(models), [facetsOf, models]);
  const [sortModels] = useState(createCatalogSorter);
  const sorted = useMemo(() => sortModels(models, deferredSort), [sortModels, models, deferredSort]);
  const shown = useMemo(() => filterCatalog(sorted, filters), [sorted, filters]);
  const [picked, setPicked] = useState<ModelSelection | null>(null);
  const pickedModel = picked ? models.find((m) => m.connection_id === picked.connectionId && m.model_id === picked.modelId) : undefined;

  // Stable callbacks and option lists, so the memoized filter menus skip a star's re-render.
  const update = useCallback((patch: Partial<CatalogFilters>) => setFilters((current) => ({ ...current, ...patch })), []);
  const connectionOptions = useMemo(() => facets.connections.map((c) => ({ value: c.id, label: c.name })), [facets.connections]);
  const kindOptions = useMemo(() => facets.kinds.map((k) => ({ value: k, label: k })), [facets.kinds]);
  const capabilityOptions = useMemo(() => facets.capabilities.map((c) => ({ value: c, label: c })), [facets.capabilities]);
  const onConnection = useCallback((connectionId: string | null) => update({ connectionId }), [update]);
  const onKind = useCallback((kind: string | null) => update({ kind }), [update]);
  const onCapability = useCallback((capability: string | null) => update({ capability }), [update]);
  const onAvailability = useCallback((availability: string | null) => update({ availability: (availability ?? 'all') as Availability }), [update]);

  if (isPending) {
    return (
      <div className="grid gap-3" aria-label="Loading models">
        <Skeleton className="h-9 w-full" />
        {Array.from({ length: 6 }, (_, i) => (
          <Skeleton key={i} className="h-12 w-full" />
        ))}
      </div>
    );
  }
  if (isError) {
    return (
      <EmptyState
        icon={Boxes}
        title="The models could not be loaded"
        description="Check your network connection, then try again."
        action={
          <button type="button" className="text-sm font-medium text-primary underline" onClick={() => void refetch()}>
            Try again
          </button>
        }
      />
    );
  }
  if (models.length === 0) {
    return (
      <EmptyState
        icon={Boxes}
        title="No models yet"
        description="Add a connection on the Connections page and refresh its models; every model it lists shows up here."
      />
    );
  }

  return (
    <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_22rem]">
      <section aria-label="Model catalog" className="grid min-w-0 content-start gap-4">
        <div className="flex flex-wrap items-end gap-3">
          <div className="relative min-w-56 flex-1">
            <Search aria-hidden="true" className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground" />
            <Input
              type="search"
              aria-label="Search models by name or id"
              placeholder="Search by name or id"
              value={filters.search}
              onChange={(event) => update({ search: event.target.value })}
              className="pl-8"
            />
          </div>
          <FilterSelect label="Connection" value={filters.connectionId} options={connectionOptions} emptyLabel="All connections" onChange={onConnection} />
          <FilterSelect label="Kind" value={filters.kind} options={kindOptions} emptyLabel="All kinds" onChange={onKind} />
          <FilterSelect label="Capability" value={filters.capability} options={capabilityOptions} emptyLabel="Any capability" onChange={onCapability} />
          <FilterSelect
            label="Availability"
            value={filters.availability === 'all' ? null : filters.availability}
            options={availabilityOptions}
            emptyLabel="Available or not"
            onChange={onAvailability}
          />
          <label className="grid gap-1 text-xs font-medium text-muted-foreground">
            Sort by
            <Select value={sort} onValueChange={(next) => setSort(next as CatalogSort)}>
              <SelectTrigger aria-label="Sort by" className="w-40">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                {(Object.keys(sortLabels) as CatalogSort[]).map((key) => (
                  <SelectItem key={key} value={key}>
                    {sortLabels[key]}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          </label>
        </div>
        <p className="text-sm text-muted-foreground" aria-live="polite">
          {formatModelCount(shown.length, models.length)}
        </p>
        {shown.length === 0 ? (
          <EmptyState
            headingLevel="h3"
            title="No model matches"
            description="Try another name, or clear the search and filters."
            action={
              <button type="button" className="text-sm font-medium text-primary underline" onClick={() => setFilters(defaultCatalogFilters)}>
                Clear search and filters
              </button>
            }
          />
        ) : (
          <CatalogList models={shown} search={filters.search} />
        )}
      </section>
      <aside aria-label="Model tools" className="grid content-start gap-6">
        <Card role="region" aria-label="Quick pick">
          <CardHeader>
            <CardTitle>Quick pick</CardTitle>
            <CardDescription>The picker every model choice uses: your favorites first, enabled models only unless you show all.</CardDescription>
          </CardHeader>
          <CardContent className="grid gap-3">
            <ModelPicker value={picked} onChange={setPicked} label="Models to pick" />
            <p className="text-sm text-muted-foreground" aria-live="polite">
              {pickedModel ? (
                <>
                  Picked <span className="font-mono text-foreground">{pickedModel.model_id}</span> on {pickedModel.connection_name}
                </>
              ) : (
                'Nothing picked yet: use the arrow keys and Enter, or click a model.'
              )}
            </p>
          </CardContent>
        </Card>
        <ConnectionPreferencesCard models={models} />
        <FavoritesFileCard models={models} />
      </aside>
    </div>
  );
}

interface FilterSelectProps {
  label: string;
  value: string | null;
  options: readonly SelectOption[];
  emptyLabel: string;
  onChange: (value: string | null) => void;
}

const availabilityOptions = [
  { value: 'available', label: 'Available' },
  { value: 'unavailable', label: 'Unavailable' },
];

const FilterSelect = memo(function FilterSelect({ label, value, options, emptyLabel, onChange }: FilterSelectProps) {
  return (
    <label className="grid gap-1 text-xs font-medium text-muted-foreground">
      {label}
      <OptionSelect label={label} value={value} onChange={onChange} options={options} emptyLabel={emptyLabel} className="w-44" />
    </label>
  );
});

// Memoized: re-renders only when the rows shown change, not for the page's other state.
const CatalogList = memo(function CatalogList({ models, search }: { models: CatalogModel[]; search: string }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // This build has no React Compiler; the virtualizer re-renders its component itself.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: models.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    // Enough rows beyond the edges for a fast scroll; each extra row is mounted on every keystroke.
    overscan: 5,
  });

  return (
    <div ref={scrollRef} className="h-[min(70vh,48rem)] overflow-y-auto rounded-lg border border-border bg-surface">
      {/* data-search: which search these rows answer (typing renders them at lower priority); read by npm run bench:catalog. */}
      <ul aria-label="Models" data-search={search} className="relative w-full" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const model = models[item.index];
          if (!model) return null;
          return (
            <li
              key={`${model.connection_id}/${model.model_id}`}
              aria-setsize={models.length}
              aria-posinset={item.index + 1}
              className="absolute top-0 left-0 w-full border-b border-border"
              style={{ height: item.size, transform: `translateY(${item.start}px)` }}
            >
              <CatalogRow model={model} />
            </li>
          );
        })}
      </ul>
    </div>
  );
});

// Memoized: a star or a switch changes one model object, so only that row renders again.
const CatalogRow = memo(function CatalogRow({ model }: { model: CatalogModel }) {
  const setModelsEnabled = useSetModelsEnabled();
  const saving = useIsPreferencePending(model);
  const price = formatPrice(model);
  return (
    <div className="grid h-full grid-cols-[auto_minmax(0,1fr)_auto] items-center gap-3 px-3 text-sm sm:grid-cols-[auto_minmax(0,2fr)_minmax(0,1fr)_5rem_9rem_auto]">
      <FavoriteStarButton model={model} />
      <div className="min-w-0">
        <div className="flex items-center gap-2">
          <span className="truncate font-medium">{model.label}</span>
          {!model.available ? <Badge tone="degraded">Unavailable</Badge> : null}
        </div>
        {/* The id when the provider gave a name; on narrow screens (no connection column) the connection. */}
        <div className="truncate text-xs text-muted-foreground">
          {model.label !== model.model_id ? <span className="font-mono">{model.model_id}</span> : null}
          <span className="sm:hidden">
            {model.label !== model.model_id ? ' · ' : ''}
            {model.connection_name}
          </span>
        </div>
      </div>
      <div className="hidden min-w-0 truncate text-muted-foreground sm:block">{model.connection_name}</div>
      <div className="hidden text-right tabular-nums sm:block" title="Context length in tokens">
        {formatContextLength(model.context_length)}
      </div>
      <div className="hidden text-right text-xs tabular-nums text-muted-foreground sm:block" title="USD per million tokens, input / output">
        {price ?? '—'}
      </div>
      <Switch
        checked={model.enabled}
        aria-busy={saving}
        onCheckedChange={(enabled) =>
          void setModelsEnabled([{ connection_id: model.connection_id, model_id: model.model_id, enabled }], `${model.label} could not be ${enabled ? 'enabled' : 'disabled'}`)
        }
        aria-label={`Enable ${model.model_id} on ${model.connection_name}`}
      />
    </div>
  );
});
