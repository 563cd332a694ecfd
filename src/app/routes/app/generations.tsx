import { PageHeader } from '@/components/ui/page-header';
import { GenerationsPage } from '@/features/generations/components/generations-page';

export default function GenerationsRoute() {
  return (
    <div className="grid gap-8">
      <title>Generations · Switchboard</title>
      <PageHeader title="Generations" description="Every prompt you ran, newest first. Heart the good ones and gather them in collections." />
      <GenerationsPage />
    </div>
  );
}
