import { useMutation, useQueryClient } from '@tanstack/react-query';
import { toast } from '@/components/ui/toast';
import { supabase } from '@/lib/supabase';
import type { Connection } from '../types/connections';
import { describeError } from '@/lib/errors';
import { connectionKeys } from './keys';

export interface SetEnabledInput {
  id: string;
  name: string;
  enabled: boolean;
}

export async function setConnectionEnabled({ id, enabled }: SetEnabledInput): Promise<void> {
  const { error } = await supabase.from('connections').update({ enabled }).eq('id', id);
  if (error) throw error;
}

/** Optimistic: the switch moves at once; a failure puts it back and says why. */
export function useSetConnectionEnabled() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: setConnectionEnabled,
    onMutate: async ({ id, enabled }) => {
      await queryClient.cancelQueries({ queryKey: connectionKeys.lists() });
      await queryClient.cancelQueries({ queryKey: connectionKeys.detail(id), exact: true });
      const previousList = queryClient.getQueryData<Connection[]>(connectionKeys.lists());
      const previousDetail = queryClient.getQueryData<Connection | null>(connectionKeys.detail(id));
      queryClient.setQueryData<Connection[]>(connectionKeys.lists(), (list) => list?.map((c) => (c.id === id ? { ...c, enabled } : c)));
      queryClient.setQueryData<Connection | null>(connectionKeys.detail(id), (c) => (c ? { ...c, enabled } : c));
      return { previousList, previousDetail };
    },
    onError: (error, { id, name, enabled }, context) => {
      if (context?.previousList) queryClient.setQueryData(connectionKeys.lists(), context.previousList);
      if (context?.previousDetail !== undefined) queryClient.setQueryData(connectionKeys.detail(id), context.previousDetail);
      toast.error(describeError(error, `“${name}” could not be ${enabled ? 'enabled' : 'disabled'}`));
    },
    onSettled: (_data, _error, { id }) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: connectionKeys.lists() }),
        queryClient.invalidateQueries({ queryKey: connectionKeys.detail(id), exact: true }),
        queryClient.invalidateQueries({ queryKey: connectionKeys.audit(id) }),
      ]),
  });
}
