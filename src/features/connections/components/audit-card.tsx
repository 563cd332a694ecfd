import { History } from 'lucide-react';
import { Alert } from '@/components/ui/alert';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Skeleton } from '@/components/ui/skeleton';
import { useConnectionAudit } from '../api/get-connection-audit';
import { describeAuditAction, describeAuditActor } from '../utils/audit';
import { describeError } from '@/lib/errors';
import { RelativeTime } from './relative-time';

/** Who changed what and when: every create, update and key change (never a key itself). */
export function AuditCard({ connectionId, viewerId }: { connectionId: string; viewerId: string | null | undefined }) {
  const audit = useConnectionAudit(connectionId);
  return (
    <Card>
      <CardHeader>
        <CardTitle>Change history</CardTitle>
        <CardDescription>Every change to this connection and its key.</CardDescription>
      </CardHeader>
      <CardContent>
        {audit.isPending ? (
          <div aria-busy="true" aria-label="Loading the history" className="grid gap-3">
            <Skeleton className="h-10" />
            <Skeleton className="h-10" />
          </div>
        ) : audit.isError ? (
          <Alert tone="error">{describeError(audit.error, 'The history could not be loaded')}</Alert>
        ) : audit.data.length === 0 ? (
          <p className="text-sm text-muted-foreground">No changes recorded yet.</p>
        ) : (
          <ol className="grid gap-0" aria-label="Change history">
            {audit.data.map((event, index) => (
              <li key={event.id} className="relative flex gap-3 pb-4 last:pb-0">
                {index < audit.data.length - 1 ? <span aria-hidden="true" className="absolute left-[7px] top-5 h-[calc(100%-1rem)] w-px bg-border" /> : null}
                <span aria-hidden="true" className="mt-1 flex size-[15px] shrink-0 items-center justify-center rounded-full border border-border bg-surface">
                  <History className="size-2.5 text-muted-foreground" />
                </span>
                <div className="grid min-w-0 gap-0.5 text-sm">
                  <p className="font-medium">{describeAuditAction(event)}</p>
                  <p className="text-xs text-muted-foreground">
                    {describeAuditActor(event, viewerId)} · <RelativeTime value={event.occurred_at} />
                  </p>
                </div>
              </li>
            ))}
          </ol>
        )}
      </CardContent>
    </Card>
  );
}
