import type { ComponentType, ReactNode, SVGProps } from 'react';
import { cn } from '@/lib/utils';

interface EmptyStateProps {
  icon?: ComponentType<SVGProps<SVGSVGElement>>;
  title: ReactNode;
  /** A small label above the title, e.g. a "Coming soon" badge. */
  eyebrow?: ReactNode;
  description?: ReactNode;
  /** What to do next: usually a button. */
  action?: ReactNode;
  children?: ReactNode;
  className?: string;
  headingLevel?: 'h2' | 'h3';
}

export function EmptyState({ icon: Icon, title, eyebrow, description, action, children, className, headingLevel: Heading = 'h2' }: EmptyStateProps) {
  return (
    <section className={cn('flex flex-col items-center rounded-xl border border-dashed border-border bg-surface/60 px-6 py-12 text-center', className)}>
      {Icon ? (
        <div className="mb-4 flex size-12 items-center justify-center rounded-full bg-accent text-accent-foreground">
          <Icon aria-hidden="true" className="size-6" />
        </div>
      ) : null}
      {eyebrow ? <div className="mb-2">{eyebrow}</div> : null}
      <Heading className="text-base font-semibold tracking-tight">{title}</Heading>
      {description ? <p className="mt-1.5 max-w-md text-sm text-muted-foreground">{description}</p> : null}
      {children}
      {action ? <div className="mt-5">{action}</div> : null}
    </section>
  );
}
