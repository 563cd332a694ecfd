import { Heart } from 'lucide-react';
import { cn } from '@/lib/utils';
import { useHeartedIds } from '../api/generations';
import { useToggleHeart } from '../hooks/use-toggle-heart';

/** A real toggle button: aria-pressed says whether the generation is hearted. */
export function HeartButton({ generationId, className }: { generationId: string; className?: string }) {
  const hearts = useHeartedIds();
  const toggle = useToggleHeart();
  const hearted = hearts.data?.has(generationId) ?? false;
  return (
    <button
      type="button"
      aria-pressed={hearted}
      aria-label={hearted ? 'Remove the heart' : 'Heart this generation'}
      title={hearted ? 'Remove the heart' : 'Heart this generation'}
      disabled={hearts.isPending}
      onClick={() => toggle(generationId, !hearted)}
      className={cn('inline-flex size-8 items-center justify-center rounded-md text-muted-foreground hover:bg-muted focus-visible:outline-2 focus-visible:outline-ring', hearted && 'text-danger', className)}
    >
      <Heart aria-hidden="true" className="size-4" fill={hearted ? 'currentColor' : 'none'} />
    </button>
  );
}
