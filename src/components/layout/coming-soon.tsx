import type { ComponentType, SVGProps } from 'react';
import { Check } from 'lucide-react';
import { Badge } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';

interface ComingSoonProps {
  icon: ComponentType<SVGProps<SVGSVGElement>>;
  title: string;
  /** What the finished page will let people do, one plain sentence each. */
  plans: string[];
}

/** An honest placeholder for a page that is not built yet: no sample data, just what will be here. */
export function ComingSoon({ icon, title, plans }: ComingSoonProps) {
  return (
    <EmptyState
      icon={icon}
      title={title}
      eyebrow={<Badge tone="primary">Coming soon</Badge>}
      description="This page is not built yet. Here is what it will do:"
      className="py-10"
    >
      <ul className="mt-5 grid max-w-md gap-2 text-left text-sm">
        {plans.map((plan) => (
          <li key={plan} className="flex gap-2.5">
            <Check aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-primary" />
            <span>{plan}</span>
          </li>
        ))}
      </ul>
    </EmptyState>
  );
}
