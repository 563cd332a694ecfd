import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { useDeleteConnection } from '../api/delete-connection';
import type { Connection } from '../types/connections';
import { plural } from '@/lib/format';

interface DeleteConnectionDialogProps {
  connection: Pick<Connection, 'id' | 'name' | 'model_count'> | null;
  hasKey: boolean;
  onOpenChange: (open: boolean) => void;
  onDeleted?: () => void;
}

/** Names the connection and says what goes with it, and what stays. */
export function DeleteConnectionDialog({ connection, hasKey, onOpenChange, onDeleted }: DeleteConnectionDialogProps) {
  const remove = useDeleteConnection({ onSuccess: onDeleted });
  const goes = [
    connection && connection.model_count > 0 ? `its ${plural(connection.model_count, 'model')}` : 'its models',
    'your favorites and preferences for them',
    hasKey ? 'its stored API key' : null,
    'its health history',
  ].filter(Boolean);
  return (
    <ConfirmDialog
      open={connection !== null}
      onOpenChange={onOpenChange}
      destructive
      title={connection ? `Delete “${connection.name}”?` : 'Delete connection?'}
      description={
        <>
          This also deletes {goes.slice(0, -1).join(', ')} and {goes[goes.length - 1]}. Presets that use it keep their settings but lose the connection;
          your generations stay in your history. This cannot be undone.
        </>
      }
      confirmLabel="Delete connection"
      onConfirm={() => (connection ? remove.mutateAsync(connection) : undefined)}
    />
  );
}
