import { useMutation, useQueryClient } from '@tanstack/react-query';
import { toast } from '@/components/ui/toast';
import { runtimeKeys } from '../api/keys';
import { useRuntimeApi } from '../api/runtime-api';
import type { ActionOptions, RuntimeAction, RuntimeConnection, RuntimeSnapshot } from '../types/runtime';

export interface RuntimeActionInput {
  modelId: string;
  action: RuntimeAction;
  options?: ActionOptions;
  /** Batches report per model; a single action says it in a toast. */
  quiet?: boolean;
}

const PAST: Record<RuntimeAction, string> = { load: 'loaded', unload: 'unloaded', delete: 'deleted' };

/** Writes a model's status into the cached snapshot, so the page shows it in the same frame. */
function showStatus(snapshot: RuntimeSnapshot | undefined, modelId: string, status: 'loading'): RuntimeSnapshot | undefined {
  if (!snapshot) return snapshot;
  return { ...snapshot, models: snapshot.models.map((m) => (m.model_id === modelId ? { ...m, status, error: null } : m)) };
}

/**
 * Load, unload or delete one model. A load shows "loading" at once; whatever happens, the status is
 * fetched again right after, so the page shows what the server and the database now say (on a
 * failure: the previous status, with the reason beside it).
 */
export function useRuntimeAction(connection: RuntimeConnection) {
  const api = useRuntimeApi();
  const queryClient = useQueryClient();
  const key = runtimeKeys.status(connection.id);
  return useMutation({
    mutationFn: ({ modelId, action, options }: RuntimeActionInput) => api.act(connection, action, modelId, options),
    onMutate: async ({ modelId, action }) => {
      if (action !== 'load') return;
      await queryClient.cancelQueries({ queryKey: key });
      queryClient.setQueryData<RuntimeSnapshot>(key, (snapshot) => showStatus(snapshot, modelId, 'loading'));
    },
    onSuccess: (_result, { modelId, action, quiet }) => {
      if (!quiet) toast.success(`${modelId} ${PAST[action]}`, action === 'load' ? `It is in memory on ${connection.name}.` : undefined);
    },
    onError: (error, { modelId, action, quiet }) => {
      if (!quiet) toast.error(`${modelId} could not be ${PAST[action]}`, error instanceof Error ? error.message : undefined);
    },
    onSettled: () => Promise.all([queryClient.invalidateQueries({ queryKey: key }), queryClient.invalidateQueries({ queryKey: runtimeKeys.stored(connection.id) })]),
  });
}
