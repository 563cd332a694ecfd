import { FolderHeart } from 'lucide-react';
import { ComingSoon } from '@/components/layout/coming-soon';
import { PageHeader } from '@/components/ui/page-header';

export default function CollectionsRoute() {
  return (
    <div className="grid gap-8">
      <title>Collections · Switchboard</title>
      <PageHeader title="Collections" description="Keep and organize the outputs worth keeping." />
      <ComingSoon
        icon={FolderHeart}
        title="Organize your best outputs"
        plans={[
          'Create, rename and delete collections.',
          'Add a generation to one or more collections, and remove it again.',
          'See how many items each collection holds, and page through them.',
        ]}
      />
    </div>
  );
}
