import type { ComponentProps, ReactNode } from 'react';
import { cva, type VariantProps } from 'class-variance-authority';
import { CircleAlert, Info, TriangleAlert } from 'lucide-react';
import { cn } from '@/lib/utils';

const alertVariants = cva('flex gap-3 rounded-lg border px-4 py-3 text-sm [&_a]:font-medium [&_a]:underline [&_a]:underline-offset-2', {
  variants: {
    tone: {
      info: 'border-border bg-muted text-foreground',
      warning: 'border-transparent bg-warning-soft text-warning-soft-foreground',
      error: 'border-transparent bg-destructive-soft text-destructive-soft-foreground',
    },
  },
  defaultVariants: { tone: 'info' },
});

const icons = { info: Info, warning: TriangleAlert, error: CircleAlert } as const;

interface AlertProps extends Omit<ComponentProps<'div'>, 'title'>, VariantProps<typeof alertVariants> {
  title?: ReactNode;
}

/** A message about the whole page or form. Errors are announced as they appear (role="alert"). */
export function Alert({ tone, title, className, children, ...props }: AlertProps) {
  const Icon = icons[tone ?? 'info'];
  return (
    <div role={tone === 'error' ? 'alert' : 'status'} className={cn(alertVariants({ tone }), className)} {...props}>
      <Icon aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
      <div className="grid min-w-0 gap-1">
        {title ? <p className="font-medium">{title}</p> : null}
        {children ? <div>{children}</div> : null}
      </div>
    </div>
  );
}
