import { Star } from 'lucide-react';
import { cn } from '@/lib/utils';
import type { CatalogModel } from '../types/catalog';
import { useIsFavoriteWaiting, useToggleFavorite } from '../hooks/use-toggle-favorite';

interface FavoriteStarButtonProps {
  model: Pick<CatalogModel, 'connection_id' | 'model_id' | 'label' | 'is_favorite'>;
  className?: string;
  /** -1 inside a listbox, where a key toggles the star of the active option instead. */
  tabIndex?: number;
}

/** A real toggle button: aria-pressed says the state, the label says what a press does. */
export function FavoriteStarButton({ model, className, tabIndex }: FavoriteStarButtonProps) {
  const toggleFavorite = useToggleFavorite();
  const waiting = useIsFavoriteWaiting(model);
  const starred = model.is_favorite;
  return (
    <button
      type="button"
      tabIndex={tabIndex}
      aria-pressed={starred}
      // Offline, the click is held until the network returns: busy says it is not saved yet.
      aria-busy={waiting}
      aria-label={starred ? `Remove ${model.model_id} from favorites` : `Add ${model.model_id} to favorites`}
      title={waiting ? 'Offline: saved when the network returns' : starred ? 'Remove from favorites' : 'Add to favorites'}
      onClick={(event) => {
        event.stopPropagation();
        toggleFavorite(model, !starred);
      }}
      className={cn(
        'inline-flex size-8 shrink-0 items-center justify-center rounded-md text-muted-foreground transition-colors hover:bg-muted hover:text-foreground',
        'focus-visible:outline-2 focus-visible:outline-ring',
        starred && 'text-warning-soft-foreground hover:text-warning-soft-foreground',
        waiting && 'relative opacity-70',
        className,
      )}
    >
      <Star aria-hidden="true" className="size-4" fill={starred ? 'currentColor' : 'none'} />
      {waiting ? <span aria-hidden="true" className="absolute top-1 right-1 size-1.5 animate-pulse rounded-full bg-warning" /> : null}
    </button>
  );
}
