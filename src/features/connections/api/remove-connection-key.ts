import { useMutation, useQueryClient } from '@tanstack/react-query';
import { toast } from '@/components/ui/toast';
import { describeError } from '@/lib/errors';
import { invokeFunction } from '@/lib/edge-functions';
import { connectionKeys } from './keys';

export function removeConnectionKey(connectionId: string): Promise<{ connection_id: string; deleted: boolean }> {
  return invokeFunction('lockbox', { body: { action: 'delete', connection_id: connectionId } });
}

export function useRemoveConnectionKey({ onSuccess }: { onSuccess?: () => void } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: removeConnectionKey,
    onSuccess: async (_result, connectionId) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: connectionKeys.keys() }),
        queryClient.invalidateQueries({ queryKey: connectionKeys.audit(connectionId) }),
      ]);
      toast.success('Key removed', 'Requests now use the server key, if the deployment has one, or none.');
      onSuccess?.();
    },
    onError: (error) => toast.error(describeError(error, 'The key could not be removed')),
  });
}
