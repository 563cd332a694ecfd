import { modelSearchKey, matchesSearchKey, parseSearchQuery } from '../utils/search';
import type { CatalogModel } from '../types/catalog';

export type Availability = 'all' | 'available' | 'unavailable';
export type CatalogSort = 'name' | 'connection' | 'context' | 'price';

export interface CatalogFilters {
  search: string;
  /** A connection id, or null for every connection. */
  connectionId: string | null;
  /** A provider kind (openai, ollama...), or null for every kind. */
  kind: string | null;
  capability: string | null;
  availability: Availability;
  /** Only models the user enabled (or starred) on enabled connections: what a picker shows by default. */
  enabledOnly?: boolean;
  favoritesOnly?: boolean;
}

export const defaultCatalogFilters: CatalogFilters = { search: '', connectionId: null, kind: null, capability: null, availability: 'all' };

// Models whose favorite flag flips are new objects; every other model keeps its key across renders,
// so a star click or a keystroke never renormalizes thousands of names.
const searchKeys = new WeakMap<CatalogModel, string>();

export function searchKeyOf(model: CatalogModel): string {
  let key = searchKeys.get(model);
  if (key === undefined) {
    key = modelSearchKey(model);
    searchKeys.set(model, key);
  }
  return key;
}

export function filterCatalog(models: readonly CatalogModel[], filters: CatalogFilters): CatalogModel[] {
  const words = parseSearchQuery(filters.search);
  return models.filter(
    (model) =>
      (filters.connectionId === null || model.connection_id === filters.connectionId) &&
      (filters.kind === null || model.connection_kind === filters.kind) &&
      (filters.capability === null || model.capabilities.includes(filters.capability)) &&
      (filters.availability === 'all' || model.available === (filters.availability === 'available')) &&
      (!filters.enabledOnly || (model.connection_enabled && (model.enabled || model.is_favorite))) &&
      (!filters.favoritesOnly || model.is_favorite) &&
      (words.length === 0 || matchesSearchKey(searchKeyOf(model), words)),
  );
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

function byName(a: CatalogModel, b: CatalogModel): number {
  return collator.compare(a.label, b.label) || collator.compare(a.model_id, b.model_id) || collator.compare(a.connection_name, b.connection_name);
}

/** Unknown values (no context length, no price) sort last whatever the direction: they are not "0". */
function byKnownNumber(a: number | null, b: number | null, descending: boolean): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return descending ? b - a : a - b;
}

/**
 * name: A->Z; connection: by connection name, then model; context: largest window first; price:
 * cheapest input price first. Ties fall back to the name so the order is stable.
 */
const comparators: Record<CatalogSort, (a: CatalogModel, b: CatalogModel) => number> = {
  name: byName,
  connection: (a, b) => collator.compare(a.connection_name, b.connection_name) || byName(a, b),
  context: (a, b) => byKnownNumber(a.context_length, b.context_length, true) || byName(a, b),
  price: (a, b) =>
    byKnownNumber(a.prompt_price_per_mtok, b.prompt_price_per_mtok, false) || byKnownNumber(a.completion_price_per_mtok, b.completion_price_per_mtok, false) || byName(a, b),
};

export function sortCatalog(models: readonly CatalogModel[], sort: CatalogSort): CatalogModel[] {
  return [...models].sort(comparators[sort]);
}

export interface CatalogFacets {
  connections: { id: string; name: string }[];
  kinds: string[];
  capabilities: string[];
}

export function catalogFacets(models: readonly CatalogModel[]): CatalogFacets {
  const connections = new Map<string, string>();
  const kinds = new Set<string>();
  const capabilities = new Set<string>();
  for (const model of models) {
    connections.set(model.connection_id, model.connection_name);
    kinds.add(model.connection_kind);
    for (const capability of model.capabilities) capabilities.add(capability);
  }
  return {
    connections: [...connections].map(([id, name]) => ({ id, name })).sort((a, b) => collator.compare(a.name, b.name)),
    kinds: [...kinds].sort(collator.compare),
    capabilities: [...capabilities].sort(collator.compare),
  };
}

const integer = new Intl.NumberFormat('en-US');

/** "1,234 of 5,000 models"; "5,000 models" when nothing is filtered out. */
export function formatModelCount(shown: number, total: number): string {
  const noun = total === 1 ? 'model' : 'models';
  return shown === total ? `${integer.format(total)} ${noun}` : `${integer.format(shown)} of ${integer.format(total)} ${noun}`;
}

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 2 });

/** "$2.50 / $10 per 1M tokens" (input / output), or null when the provider publishes no price. */
export function formatPrice(model: Pick<CatalogModel, 'prompt_price_per_mtok' | 'completion_price_per_mtok'>): string | null {
  const { prompt_price_per_mtok: input, completion_price_per_mtok: output } = model;
  if (input === null && output === null) return null;
  const format = (value: number | null) => (value === null ? '?' : usd.format(value));
  return `${format(input)} / ${format(output)}`;
}

/** The fields an order depends on: stars and enabled flags never move a model. */
function sortsTheSame(a: CatalogModel, b: CatalogModel): boolean {
  return (
    a === b ||
    (a.connection_id === b.connection_id &&
      a.model_id === b.model_id &&
      a.label === b.label &&
      a.connection_name === b.connection_name &&
      a.context_length === b.context_length &&
      a.prompt_price_per_mtok === b.prompt_price_per_mtok &&
      a.completion_price_per_mtok === b.completion_price_per_mtok)
  );
}

/**
 * sortCatalog that remembers its last order: when only flags changed (a star, a switch), the new
 * models are laid out in the old order with one linear pass instead of a collator sort of
 * thousands of names, which is what keeps a star click within a frame.
 */
export function createCatalogSorter(): (models: readonly CatalogModel[], sort: CatalogSort) => CatalogModel[] {
  let last: { models: readonly CatalogModel[]; sort: CatalogSort; order: number[] } | null = null;
  return (models, sort) => {
    if (last && last.sort === sort && last.models.length === models.length && models.every((model, i) => sortsTheSame(model, last!.models[i]!))) {
      last = { ...last, models };
      return last.order.map((i) => models[i]!);
    }
    const order = models.map((_, i) => i);
    const compare = comparators[sort];
    order.sort((a, b) => compare(models[a]!, models[b]!));
    last = { models, sort, order };
    return order.map((i) => models[i]!);
  };
}

const sameList = <T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean) => a.length === b.length && a.every((x, i) => same(x, b[i]!));

/** catalogFacets that hands back its previous result when nothing changed, so filter menus skip re-rendering. */
export function createFacetsMemo(): (models: readonly CatalogModel[]) => CatalogFacets {
  let last: CatalogFacets | null = null;
  return (models) => {
    const next = catalogFacets(models);
    const unchanged =
      last !== null &&
      sameList(last.connections, next.connections, (x, y) => x.id === y.id && x.name === y.name) &&
      sameList(last.kinds, next.kinds, (x, y) => x === y) &&
      sameList(last.capabilities, next.capabilities, (x, y) => x === y);
    if (!unchanged) last = next;
    return last!;
  };
}
