import { useEffect, useRef } from 'react';
import { History } from 'lucide-react';
import { Link } from 'react-router';
import { EmptyState } from '@/components/ui/empty-state';
import { Skeleton } from '@/components/ui/skeleton';
import { Spinner } from '@/components/ui/spinner';
import { paths } from '@/config/paths';
import { useGenerations, useHeartedIds } from '../api/generations';
import type { GenerationFilters } from '../types/generations';
import { GenerationCard } from './generation-card';

/**
 * Generations newest first, a keyset page at a time: the next page loads when the end of the list
 * scrolls into view (and with a button, for keyboards and screen readers).
 */
export function GenerationList({ filters, emptyTitle, emptyDescription }: { filters: GenerationFilters; emptyTitle: string; emptyDescription: string }) {
  const list = useGenerations(filters);
  useHeartedIds();
  const sentinel = useRef<HTMLDivElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;

  useEffect(() => {
    const element = sentinel.current;
    if (!element || !hasNextPage) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
    }, { rootMargin: '400px' });
    observer.observe(element);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  if (list.isPending) {
    return (
      <div className="grid gap-3" aria-label="Loading generations">
        <Skeleton className="h-28" />
        <Skeleton className="h-28" />
      </div>
    );
  }
  if (list.isError) return <EmptyState icon={History} title="The generations could not be loaded" description="Check your network connection, then reload the page." />;
  const generations = list.data.pages.flat();
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
      {generations.map((generation) => (
        <GenerationCard key={generation.id} generation={generation} />
      ))}
      <div ref={sentinel} />
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
