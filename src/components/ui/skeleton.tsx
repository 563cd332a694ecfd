import type { ComponentProps } from 'react';
import { cn } from '@/lib/utils';

/** A placeholder while content loads. Decorative: the surrounding region announces that it is busy. */
export function Skeleton({ className, ...props }: ComponentProps<'div'>) {
  return <div aria-hidden="true" className={cn('animate-pulse rounded-md bg-muted', className)} {...props} />;
}
