import { KeyRound, Server } from 'lucide-react';
import { Badge } from '@/components/ui/badge';
import { Tooltip } from '@/components/ui/tooltip';
import type { KeySource } from '../types/connections';

const LABELS: Record<KeySource, string> = { user: 'Your key', server: 'Server key', none: 'No key' };
const EXPLANATIONS: Record<KeySource, string> = {
  user: 'Requests use the key you stored. Only its last four characters are shown.',
  server: 'Requests use the key this deployment keeps in its server secrets.',
  none: 'Requests are sent without an API key.',
};

export function KeySourceBadge({ source, hint }: { source: KeySource; hint?: string | null }) {
  return (
    <Tooltip content={EXPLANATIONS[source]}>
      <span tabIndex={0} className="inline-flex rounded-full focus-visible:outline-2 focus-visible:outline-ring">
        <Badge tone={source === 'none' ? 'unknown' : 'neutral'}>
          {source === 'user' ? <KeyRound aria-hidden="true" /> : source === 'server' ? <Server aria-hidden="true" /> : null}
          {LABELS[source]}
          {source === 'user' && hint ? <span className="font-mono text-[11px]">…{hint}</span> : null}
        </Badge>
      </span>
    </Tooltip>
  );
}
