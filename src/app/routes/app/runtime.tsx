import { PageHeader } from '@/components/ui/page-header';
import { RuntimePage } from '@/features/runtime/components/runtime-page';

export default function RuntimeRoute() {
  return (
    <div className="grid gap-8">
      <title>Runtime · Switchboard</title>
      <PageHeader title="Runtime" description="The models on your own Ollama and LM Studio servers: what is installed, what is loaded in memory, and your presets." />
      <RuntimePage />
    </div>
  );
}
