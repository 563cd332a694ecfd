import { Boxes } from 'lucide-react';
import { ComingSoon } from '@/components/layout/coming-soon';
import { PageHeader } from '@/components/ui/page-header';

export default function ModelsRoute() {
  return (
    <div className="grid gap-8">
      <title>Models · Switchboard</title>
      <PageHeader title="Models" description="Every model your connections offer, in one catalog." />
      <ComingSoon
        icon={Boxes}
        title="Your model catalog"
        plans={[
          'Search every model by name or id, and filter by connection, kind, capability and availability.',
          'See context length and price wherever the provider publishes them.',
          'Star favorites to pin them at the top of every model picker.',
          'Choose which models show up in pickers, one by one or in bulk, synced across your devices.',
        ]}
      />
    </div>
  );
}
