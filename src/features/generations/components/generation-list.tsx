import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { History } from 'lucide-react';
import { Link } from 'react-router';
import { EmptyState } from '@/components/ui/empty-state';
import { Skeleton } from '@/components/ui/skeleton';
import { Spinner } from '@/components/ui/spinner';
import { paths } from '@/config/paths';
import { useGenerations, useHeartedIds } from '../api/generations';
import type { GenerationFilters } from '../types/generations';
import { GenerationCard } from './generation-card';

const ESTIMATED_CARD_HEIGHT = 190;

/**
 * Generations newest first, a keyset page at a time: the next page loads when the end of the list
 * scrolls near (and with a button, for keyboards and screen readers). The list is virtualized on
 * the window's scroll, so ten thousand generations keep a few dozen cards in the document.
 */
export function GenerationList({ filters, emptyTitle, emptyDescription }: { filters: GenerationFilters; emptyTitle: string; emptyDescription: string }) {
  const list = useGenerations(filters);
  useHeartedIds();
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;
  const generations = list.data?.pages.flat() ?? [];
  const listRef = useRef<HTMLDivElement>(null);
  const [scrollMargin, setScrollMargin] = useState(0);
  const virtualizer = useWindowVirtualizer({ count: generations.length, estimateSize: () => ESTIMATED_CARD_HEIGHT, overscan: 4, scrollMargin });
  const items = virtualizer.getVirtualItems();
  const lastShown = items.at(-1)?.index ?? -1;

  useLayoutEffect(() => {
    // Where the list starts on the page: the window scrolls, not the list.
    const top = listRef.current ? listRef.current.getBoundingClientRect().top + window.scrollY : 0;
    if (top !== scrollMargin) setScrollMargin(top);
  }, [scrollMargin, generations.length, list.isPending]);

  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastShown >= generations.length - 5) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage, lastShown, generations.length]);

  if (list.isPending) {
    return (
      <div className="grid gap-3" aria-label="Loading generations">
        <Skeleton className="h-28" />
        <Skeleton className="h-28" />
      </div>
    );
  }
  if (list.isError) return <EmptyState icon={History} title="The generations could not be loaded" description="Check your network connection, then reload the page." />;
  if (generations.length === 0) {
    return (
      <EmptyState
        icon={History}
        title={emptyTitle}
        description={emptyDescription}
        action={
          <Link className="text-sm font-medium text-primary underline" to={paths.playground}>
            Run your first prompt
          </Link>
        }
      />
    );
  }
  return (
    <section aria-label="Generations" className="grid gap-3">
      <p className="text-sm text-muted-foreground" aria-live="polite">
        {generations.length.toLocaleString('en')} shown{hasNextPage ? ', more below' : ''}
      </p>
      <div ref={listRef} className="relative w-full" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const generation = generations[item.index];
          if (!generation) return null;
          return (
            <div key={generation.id} data-index={item.index} ref={virtualizer.measureElement} className="absolute top-0 left-0 w-full pb-3" style={{ transform: `translateY(${item.start - scrollMargin}px)` }}>
              <GenerationCard generation={generation} />
            </div>
          );
        })}
      </div>
      {hasNextPage ? (
        <button type="button" className="justify-self-center text-sm font-medium text-primary underline" onClick={() => void fetchNextPage()} disabled={isFetchingNextPage}>
          {isFetchingNextPage ? <Spinner label="Loading more" /> : 'Load more'}
        </button>
      ) : (
        <p className="text-center text-xs text-muted-foreground">That is all of them.</p>
      )}
    </section>
  );
}
