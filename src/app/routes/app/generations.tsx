import { History } from 'lucide-react';
import { ComingSoon } from '@/components/layout/coming-soon';
import { PageHeader } from '@/components/ui/page-header';

export default function GenerationsRoute() {
  return (
    <div className="grid gap-8">
      <title>Generations · Switchboard</title>
      <PageHeader title="Generations" description="Every prompt you have run, and what came back." />
      <ComingSoon
        icon={History}
        title="Your history of runs"
        plans={[
          'Browse every run, newest first, as far back as you like.',
          'Filter by model, connection, favorites or collection, and search the prompt text.',
          'Mark the outputs you like as favorites to find them again quickly.',
        ]}
      />
    </div>
  );
}
