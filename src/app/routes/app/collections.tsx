import { PageHeader } from '@/components/ui/page-header';
import { CollectionsPage } from '@/features/generations/components/collections-page';

export default function CollectionsRoute() {
  return (
    <div className="grid gap-8">
      <title>Collections · Switchboard</title>
      <PageHeader title="Collections" description="Group the generations you want to keep together." />
      <CollectionsPage />
    </div>
  );
}
