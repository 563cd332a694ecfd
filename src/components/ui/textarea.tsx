import type { ComponentProps } from 'react';
import { cn } from '@/lib/utils';
import { useFieldControl } from './field-context';
import { controlClasses } from './input';

export function Textarea({ className, rows = 4, ...props }: ComponentProps<'textarea'>) {
  return <textarea rows={rows} className={cn(controlClasses, 'min-h-20 py-2 leading-relaxed', className)} {...props} {...useFieldControl(props)} />;
}
