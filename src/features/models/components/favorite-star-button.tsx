import { Star } from 'lucide-react';
import { cn } from '@/lib/utils';
import type { CatalogModel } from '../api/get-model-catalog';
import { useToggleFavorite } from '../hooks/use-toggle-favorite';

interface FavoriteStarButtonProps {
  model: Pick<CatalogModel, 'connection_id' | 'model_id' | 'label' | 'is_favorite'>;
  className?: string;
  /** -1 inside a listbox, where a key toggles the star of the active option instead. */
  tabIndex?: number;
}

/** A real toggle button: aria-pressed says the state, the label says what a press does. */
export function FavoriteStarButton({ model, className, tabIndex }: FavoriteStarButtonProps) {
  const toggleFavorite = useToggleFavorite();
  const starred = model.is_favorite;
  return (
    <button
      type="button"
      tabIndex={tabIndex}
      aria-pressed={starred}
      aria-label={starred ? `Remove ${model.model_id} from favorites` : `Add ${model.model_id} to favorites`}
      title={starred ? 'Remove from favorites' : 'Add to favorites'}
      onClick={(event) => {
        event.stopPropagation();
        toggleFavorite(model, !starred);
      }}
      className={cn(
        'inline-flex size-8 shrink-0 items-center justify-center rounded-md text-muted-foreground transition-colors hover:bg-muted hover:text-foreground',
        'focus-visible:outline-2 focus-visible:outline-ring',
        starred && 'text-warning-soft-foreground hover:text-warning-soft-foreground',
        className,
      )}
    >
      <Star aria-hidden="true" className="size-4" fill={starred ? 'currentColor' : 'none'} />
    </button>
  );
}
