import { useMutation, useQueryClient } from '@tanstack/react-query';
import { toast } from '@/components/ui/toast';
import { supabase } from '@/lib/supabase';
import type { Connection } from '../types/connections';
import { describeError } from '@/lib/errors';
import { connectionKeys } from './keys';

export async function deleteConnection(id: string): Promise<void> {
  const { error, count } = await supabase.from('connections').delete({ count: 'exact' }).eq('id', id);
  if (error) throw error;
  if (count === 0) throw new Error('it was already deleted, perhaps in another tab');
}

export function useDeleteConnection({ onSuccess }: { onSuccess?: () => void } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (connection: Pick<Connection, 'id' | 'name'>) => deleteConnection(connection.id),
    onSuccess: async (_result, connection) => {
      queryClient.removeQueries({ queryKey: connectionKeys.detail(connection.id) });
      await queryClient.invalidateQueries({ queryKey: connectionKeys.all });
      toast.success(`Deleted “${connection.name}”`);
      onSuccess?.();
    },
    onError: async (error) => {
      toast.error(describeError(error, 'The connection could not be deleted'));
      await queryClient.invalidateQueries({ queryKey: connectionKeys.lists() });
    },
  });
}
