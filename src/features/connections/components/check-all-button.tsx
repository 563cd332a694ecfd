import { Activity } from 'lucide-react';
import { Button } from '@/components/ui/button';
import type { CheckAllState } from '../hooks/use-check-all';

interface CheckAllButtonProps {
  state: Pick<CheckAllState, 'running' | 'done' | 'total'>;
  onStart: () => void;
  disabled?: boolean;
}

/** "Check all", which turns into its own progress ("Checking 7 of 12") while it runs. */
export function CheckAllButton({ state, onStart, disabled }: CheckAllButtonProps) {
  return (
    <>
      <Button variant="secondary" onClick={onStart} loading={state.running} disabled={disabled} aria-describedby={state.running ? 'check-all-progress' : undefined}>
        {state.running ? null : <Activity />}
        {state.running ? `Checking ${state.done} of ${state.total}` : 'Check all'}
      </Button>
      <span id="check-all-progress" role="status" aria-live="polite" className="sr-only">
        {state.running ? `${state.done} of ${state.total} connections checked` : state.total > 0 ? `Done: ${state.done} of ${state.total} connections checked` : ''}
      </span>
    </>
  );
}
