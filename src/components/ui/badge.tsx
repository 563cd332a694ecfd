import type { ComponentProps } from 'react';
import { cva, type VariantProps } from 'class-variance-authority';
import { cn } from '@/lib/utils';

export const badgeVariants = cva(
  'inline-flex items-center gap-1.5 whitespace-nowrap rounded-full border px-2 py-0.5 text-xs font-medium [&_svg]:size-3',
  {
    variants: {
      tone: {
        neutral: 'border-border bg-muted text-muted-foreground',
        primary: 'border-transparent bg-accent text-accent-foreground',
        healthy: 'border-transparent bg-success-soft text-success-soft-foreground',
        degraded: 'border-transparent bg-warning-soft text-warning-soft-foreground',
        unhealthy: 'border-transparent bg-destructive-soft text-destructive-soft-foreground',
        unknown: 'border-border bg-transparent text-muted-foreground',
      },
    },
    defaultVariants: { tone: 'neutral' },
  },
);

const dotColor = {
  neutral: 'bg-neutral-dot',
  primary: 'bg-primary',
  healthy: 'bg-success',
  degraded: 'bg-warning',
  unhealthy: 'bg-danger',
  unknown: 'bg-neutral-dot',
} as const;

export interface BadgeProps extends ComponentProps<'span'>, VariantProps<typeof badgeVariants> {
  /** A colored dot before the text; color is never the only signal, the text still says the status. */
  dot?: boolean;
}

export function Badge({ className, tone, dot = false, children, ...props }: BadgeProps) {
  return (
    <span className={cn(badgeVariants({ tone }), className)} {...props}>
      {dot ? <span aria-hidden="true" className={cn('size-1.5 rounded-full', dotColor[tone ?? 'neutral'])} /> : null}
      {children}
    </span>
  );
}

export type HealthStatus = 'healthy' | 'degraded' | 'unhealthy' | 'unknown';

const statusLabel: Record<HealthStatus, string> = {
  healthy: 'Healthy',
  degraded: 'Degraded',
  unhealthy: 'Unhealthy',
  unknown: 'Unknown',
};

/** The one way a connection's health is shown, so the colors mean the same thing everywhere. */
export function StatusBadge({ status, className }: { status: HealthStatus; className?: string }) {
  return (
    <Badge tone={status} dot className={className}>
      {statusLabel[status]}
    </Badge>
  );
}
