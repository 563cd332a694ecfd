import { Cpu } from 'lucide-react';
import { ComingSoon } from '@/components/layout/coming-soon';
import { PageHeader } from '@/components/ui/page-header';

export default function RuntimeRoute() {
  return (
    <div className="grid gap-8">
      <title>Runtime · Switchboard</title>
      <PageHeader title="Runtime" description="The models on your own Ollama and LM Studio servers, and what is loaded in memory." />
      <ComingSoon
        icon={Cpu}
        title="Control models on your servers"
        plans={[
          'See installed models with their size, family and quantization, and which are loaded in memory.',
          'Load and unload models, one at a time or several at once, with live status.',
          'Delete models you no longer need, after confirming.',
          'Save model configurations (presets) with temperature, context length, system prompt and more.',
        ]}
      />
    </div>
  );
}
