import { memo, useCallback, useDeferredValue, useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Search } from 'lucide-react';
import { Badge } from '@/components/ui/badge';
import { Input } from '@/components/ui/input';
import { Skeleton } from '@/components/ui/skeleton';
import { Switch } from '@/components/ui/switch';
import { Tabs, TabsContent, TabsList, TabsTrigger } from '@/components/ui/tabs';
import { cn } from '@/lib/utils';
import type { CatalogModel } from '../types/catalog';
import { createCatalogSorter, filterCatalog } from '../utils/catalog-view';
import { useModelCatalog } from '../hooks/use-model-catalog';
import { useCatalogWithPreferences } from '../hooks/use-model-preferences';
import { useToggleFavorite } from '../hooks/use-toggle-favorite';
import { FavoriteStarButton } from './favorite-star-button';

/** A model is chosen by its connection and its id exactly as the provider names it. */
export interface ModelSelection {
  connectionId: string;
  modelId: string;
}

export interface ModelPickerProps {
  value: ModelSelection | null;
  onChange: (value: ModelSelection, model: CatalogModel) => void;
  /** Narrows the models on offer, e.g. to chat models or one connection. */
  filter?: (model: CatalogModel) => boolean;
  /** Accessible name of the list of models. */
  label?: string;
  className?: string;
}

type PickerTab = 'all' | 'favorites';

const OPTION_HEIGHT = 52;
const STAR_KEYS = new Set(['s', 'f']);

function isSelected(model: CatalogModel, value: ModelSelection | null) {
  return value !== null && value.connectionId === model.connection_id && value.modelId === model.model_id;
}

/**
 * Picks one model: "All" and "Favorites" tabs with counts, a search inside the active tab, enabled
 * models only unless "Show all" is on. Keyboard: arrows move the active option, Enter picks, S or F
 * stars it. The catalog cache is shared, so a star here shows in the catalog at once and vice versa.
 */
// Memoized: a parent's unrelated re-render (typing elsewhere on the page) does not redo the picker's lists.
export const ModelPicker = memo(function ModelPicker({ value, onChange, filter, label = 'Models', className }: ModelPickerProps) {
  const { data: catalog, isPending, isError } = useModelCatalog();
  const models = useCatalogWithPreferences(catalog);
  const [sortModels] = useState(createCatalogSorter);
  const [tab, setTab] = useState<PickerTab>('all');
  const [search, setSearch] = useState('');
  const [showAll, setShowAll] = useState(false);
  const deferredSearch = useDeferredValue(search);
  const id = useId();

  // Sorted before filtering, so a toggle that changes which models show reuses the last order.
  const sorted = useMemo(() => sortModels(filter ? models.filter(filter) : models, 'name'), [sortModels, models, filter]);
  const visible = useMemo(
    () => filterCatalog(sorted, { search: '', connectionId: null, kind: null, capability: null, availability: 'all', enabledOnly: !showAll }),
    [sorted, showAll],
  );
  const favorites = useMemo(() => visible.filter((model) => model.is_favorite), [visible]);
  const inTab = tab === 'favorites' ? favorites : visible;
  const results = useMemo(
    () => filterCatalog(inTab, { search: deferredSearch, connectionId: null, kind: null, capability: null, availability: 'all' }),
    [inTab, deferredSearch],
  );

  const list = (which: PickerTab) => (
    <TabsContent value={which} className="mt-2">
      {isPending ? (
        <div className="grid gap-2" aria-label="Loading models">
          <Skeleton className="h-10" />
          <Skeleton className="h-10" />
          <Skeleton className="h-10" />
        </div>
      ) : isError ? (
        <p className="rounded-md border border-dashed border-border px-4 py-6 text-center text-sm text-muted-foreground">
          The models could not be loaded. Check your connection and reload the page.
        </p>
      ) : (
        <PickerList
          id={`${id}-${which}-list`}
          label={which === 'favorites' ? `Favorite ${label.toLowerCase()}` : label}
          models={results}
          value={value}
          onChange={onChange}
          emptyMessage={emptyMessage(which, { total: models.length, inTab: inTab.length, search: deferredSearch, showAll })}
        />
      )}
    </TabsContent>
  );

  return (
    <Tabs value={tab} onValueChange={(next) => setTab(next as PickerTab)} className={cn('flex flex-col', className)}>
      <TabsList aria-label="Which models" className="self-start">
        <TabsTrigger value="all">All ({visible.length})</TabsTrigger>
        <TabsTrigger value="favorites">Favorites ({favorites.length})</TabsTrigger>
      </TabsList>
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <div className="relative min-w-40 flex-1">
          <Search aria-hidden="true" className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground" />
          <Input
            type="search"
            aria-label={tab === 'favorites' ? 'Search favorites' : 'Search models'}
            placeholder={tab === 'favorites' ? 'Search favorites' : 'Search models'}
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'ArrowDown') {
                event.preventDefault();
                document.getElementById(`${id}-${tab}-list`)?.focus();
              }
            }}
            className="pl-8"
          />
        </div>
        <label className="flex items-center gap-2 text-sm">
          <Switch checked={showAll} onCheckedChange={setShowAll} aria-label="Show all models, including disabled ones" />
          Show all
        </label>
      </div>
      {list('all')}
      {list('favorites')}
    </Tabs>
  );
});

function emptyMessage(tab: PickerTab, { total, inTab, search, showAll }: { total: number; inTab: number; search: string; showAll: boolean }): string {
  if (inTab > 0 && search.trim() !== '') return `No ${tab === 'favorites' ? 'favorites' : 'models'} match “${search.trim()}”: try another name or clear the search.`;
  if (tab === 'favorites') return 'No favorites yet: star a model to pin it here.';
  if (total === 0) return 'No models yet: add a connection and refresh its models.';
  return showAll ? 'No models to pick from.' : 'No enabled models: turn on “Show all”, or enable models in the catalog.';
}

interface PickerListProps {
  id: string;
  label: string;
  models: CatalogModel[];
  value: ModelSelection | null;
  onChange: ModelPickerProps['onChange'];
  emptyMessage: string;
}

function PickerList({ id, label, models, value, onChange, emptyMessage }: PickerListProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const toggleFavorite = useToggleFavorite();
  const [activeIndex, setActiveIndex] = useState(0);
  // A new search or tab starts at the top; the clamp covers a list that shrank under the cursor.
  const [shownModels, setShownModels] = useState(models);
  if (shownModels !== models) {
    setShownModels(models);
    if (models.length === 0 || shownModels.length === 0 || models[0] !== shownModels[0]) setActiveIndex(0);
  }
  const active = Math.min(activeIndex, Math.max(models.length - 1, 0));

  // This build has no React Compiler; the virtualizer re-renders its component itself.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: models.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => OPTION_HEIGHT,
    overscan: 6,
  });

  useEffect(() => {
    if (models.length > 0) virtualizer.scrollToIndex(active, { align: 'auto' });
  }, [active, models.length, virtualizer]);

  // Stable, so memoized options skip re-rendering; it always calls the latest onChange.
  const onChangeRef = useRef(onChange);
  useLayoutEffect(() => {
    onChangeRef.current = onChange;
  });
  const pick = useCallback((model: CatalogModel, index: number) => {
    setActiveIndex(index);
    onChangeRef.current({ connectionId: model.connection_id, modelId: model.model_id }, model);
  }, []);

  if (models.length === 0) {
    return <p className="rounded-md border border-dashed border-border px-4 py-6 text-center text-sm text-muted-foreground">{emptyMessage}</p>;
  }

  const optionId = (index: number) => `${id}-option-${index}`;
  const move = (index: number) => setActiveIndex(Math.max(0, Math.min(models.length - 1, index)));

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const model = models[active];
    if (event.key === 'ArrowDown') move(active + 1);
    else if (event.key === 'ArrowUp') move(active - 1);
    else if (event.key === 'Home') move(0);
    else if (event.key === 'End') move(models.length - 1);
    else if (event.key === 'PageDown') move(active + 8);
    else if (event.key === 'PageUp') move(active - 8);
    else if (event.key === 'Enter' && model) onChange({ connectionId: model.connection_id, modelId: model.model_id }, model);
    else if (STAR_KEYS.has(event.key.toLowerCase()) && !event.metaKey && !event.ctrlKey && !event.altKey && model) toggleFavorite(model, !model.is_favorite);
    else return;
    event.preventDefault();
  };

  return (
    <div ref={scrollRef} className="max-h-80 overflow-y-auto rounded-md border border-border">
      <div
        id={id}
        role="listbox"
        aria-label={label}
        tabIndex={0}
        aria-activedescendant={optionId(active)}
        onKeyDown={onKeyDown}
        className="relative w-full focus-visible:outline-2 focus-visible:outline-ring"
        style={{ height: virtualizer.getTotalSize() }}
      >
        {virtualizer.getVirtualItems().map((item) => {
          const model = models[item.index];
          if (!model) return null;
          return (
            <PickerOption
              key={`${model.connection_id}/${model.model_id}`}
              id={optionId(item.index)}
              model={model}
              index={item.index}
              setSize={models.length}
              active={item.index === active}
              selected={isSelected(model, value)}
              start={item.start}
              size={item.size}
              onPick={pick}
            />
          );
        })}
      </div>
    </div>
  );
}

interface PickerOptionProps {
  id: string;
  model: CatalogModel;
  index: number;
  setSize: number;
  active: boolean;
  selected: boolean;
  start: number;
  size: number;
  onPick: (model: CatalogModel, index: number) => void;
}

// Memoized on its props (a model object changes only when its data does), so a star re-renders one option.
const PickerOption = memo(function PickerOption({ id, model, index, setSize, active, selected, start, size, onPick }: PickerOptionProps) {
  return (
    <div
      id={id}
      role="option"
      aria-selected={selected}
      aria-label={`${model.label} (${model.model_id}) on ${model.connection_name}${model.is_favorite ? ', favorite' : ''}${model.available ? '' : ', unavailable'}`}
      aria-setsize={setSize}
      aria-posinset={index + 1}
      onClick={() => onPick(model, index)}
      className={cn('absolute top-0 left-0 flex w-full cursor-pointer items-center gap-2 px-2 text-sm', active && 'bg-muted', selected && 'font-medium')}
      style={{ height: size, transform: `translateY(${start}px)` }}
    >
      <FavoriteStarButton model={model} tabIndex={-1} />
      <div className="min-w-0 flex-1">
        <div className="truncate">{model.label}</div>
        <div className="truncate font-mono text-xs text-muted-foreground">
          {model.model_id} · {model.connection_name}
        </div>
      </div>
      {!model.available ? <Badge tone="degraded">Unavailable</Badge> : null}
      {model.available && !model.enabled ? <Badge tone="unknown">Disabled</Badge> : null}
    </div>
  );
});
