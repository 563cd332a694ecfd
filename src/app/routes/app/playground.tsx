import { useLocation } from 'react-router';
import { PageHeader } from '@/components/ui/page-header';
import { PlaygroundPage, type ModelChoice } from '@/features/generations/components/playground-page';
import { ModelPicker } from '@/features/models/components/model-picker';

interface RerunState {
  rerun?: { choice: ModelChoice; prompt: string; systemPrompt: string | null; parameters: Record<string, unknown> };
}

export default function PlaygroundRoute() {
  const location = useLocation();
  const rerun = (location.state as RerunState | null)?.rerun ?? null;
  return (
    <div className="grid gap-8">
      <title>Playground · Switchboard</title>
      <PageHeader title="Playground" description="Run a prompt against any model you have connected. Cloud keys stay on the server; every run is saved." />
      <PlaygroundPage
        initial={rerun}
        renderPicker={(value, onChange) => <ModelPicker value={value} onChange={onChange} label="Models to run" />}
      />
    </div>
  );
}
