import type { ComponentProps } from 'react';
import { cn } from '@/lib/utils';
import { useFieldControl } from './field-context';

export const controlClasses = cn(
  'w-full rounded-md border border-input bg-surface px-3 text-sm text-foreground shadow-card transition-colors',
  'placeholder:text-muted-foreground/80',
  'focus-visible:border-ring focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-ring/40',
  'disabled:cursor-not-allowed disabled:opacity-60',
  'aria-invalid:border-destructive aria-invalid:focus-visible:outline-destructive/40',
);

export function Input({ className, type = 'text', ...props }: ComponentProps<'input'>) {
  return <input type={type} className={cn(controlClasses, 'h-9', className)} {...props} {...useFieldControl(props)} />;
}
