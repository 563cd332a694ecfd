import { useId } from 'react';
import { Globe, Server } from 'lucide-react';
import { cn } from '@/lib/utils';
import type { ProbeFrom } from '../types/connections';

interface ProbeFromFieldProps {
  value: ProbeFrom;
  onChange: (value: ProbeFrom) => void;
  /** The address is on this machine or a private network. */
  privateUrl: boolean;
  /** The deployment's functions may reach private addresses (the local stack). */
  allowPrivateEndpoints: boolean;
}

const OPTIONS: ReadonlyArray<{ value: ProbeFrom; label: string; description: string; icon: typeof Server }> = [
  { value: 'server', label: 'From the server', description: 'Switchboard checks it, with your stored key.', icon: Server },
  { value: 'browser', label: 'From this browser', description: 'For servers on your machine or network.', icon: Globe },
];

/** Where health checks and model discovery run, with the reason to pick the browser for local servers. */
export function ProbeFromField({ value, onChange, privateUrl, allowPrivateEndpoints }: ProbeFromFieldProps) {
  const name = useId();
  const noteId = `${name}-note`;
  let note: string;
  if (privateUrl && value === 'server' && !allowPrivateEndpoints) {
    note = 'This address is on your own machine or network, which the Switchboard server cannot reach. Check it from this browser instead.';
  } else if (privateUrl && value === 'browser') {
    note = allowPrivateEndpoints
      ? 'Suggested for a local address: your browser can always reach it. (This server may reach private addresses too, so either works.)'
      : 'Suggested for a local address: the Switchboard server cannot reach your machine or network, but your browser can. The server must allow this app (CORS).';
  } else if (value === 'browser') {
    note = 'Your browser will fetch the model list directly, so the server must allow this app (CORS). Your stored key is never used from the browser.';
  } else {
    note = 'Checks run in an Edge Function, which can use your stored key.';
  }
  return (
    <fieldset className="grid gap-1.5" aria-describedby={noteId}>
      <legend className="mb-1.5 text-sm font-medium leading-none">Where checks run</legend>
      <div className="grid gap-2 sm:grid-cols-2">
        {OPTIONS.map((option) => {
          const Icon = option.icon;
          const checked = value === option.value;
          return (
            <label
              key={option.value}
              className={cn(
                'flex cursor-pointer items-start gap-3 rounded-lg border p-3 text-sm transition-colors has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-ring',
                checked ? 'border-primary bg-accent/60' : 'border-border bg-surface hover:bg-muted',
              )}
            >
              <input type="radio" name={name} value={option.value} checked={checked} onChange={() => onChange(option.value)} className="sr-only" />
              <Icon aria-hidden="true" className={cn('mt-0.5 size-4 shrink-0', checked ? 'text-accent-foreground' : 'text-muted-foreground')} />
              <span className="grid gap-0.5">
                <span className="font-medium">{option.label}</span>
                <span className="text-xs text-muted-foreground">{option.description}</span>
              </span>
            </label>
          );
        })}
      </div>
      <p id={noteId} className={cn('text-xs', privateUrl && value === 'server' && !allowPrivateEndpoints ? 'text-warning-soft-foreground' : 'text-muted-foreground')}>
        {note}
      </p>
    </fieldset>
  );
}
