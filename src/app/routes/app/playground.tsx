import { SquareTerminal } from 'lucide-react';
import { ComingSoon } from '@/components/layout/coming-soon';
import { PageHeader } from '@/components/ui/page-header';

export default function PlaygroundRoute() {
  return (
    <div className="grid gap-8">
      <title>Playground · Switchboard</title>
      <PageHeader title="Playground" description="Run a prompt against any model you have connected." />
      <ComingSoon
        icon={SquareTerminal}
        title="Run prompts on any model"
        plans={[
          'Choose a model or a preset, write a prompt, and watch the output stream in; cancel at any time.',
          'Cloud API keys are used only on the server, never in your browser.',
          'Every run is saved with its model, parameters, token counts and latency.',
        ]}
      />
    </div>
  );
}
