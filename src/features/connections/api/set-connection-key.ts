import { useMutation, useQueryClient } from '@tanstack/react-query';
import { toast } from '@/components/ui/toast';
import { describeError } from '@/lib/errors';
import { invokeFunction } from '@/lib/edge-functions';
import { connectionKeys } from './keys';

export interface SetKeyInput {
  connectionId: string;
  apiKey: string;
}

export interface SetKeyResult {
  connection_id: string;
  hint: string;
  key_version: number;
  updated_at: string;
}

/** Sends the key to the lockbox, which encrypts and stores it; the browser never keeps it. */
export function setConnectionKey({ connectionId, apiKey }: SetKeyInput): Promise<SetKeyResult> {
  return invokeFunction<SetKeyResult>('lockbox', { body: { action: 'set', connection_id: connectionId, api_key: apiKey } });
}

interface Options {
  onSuccess?: (result: SetKeyResult) => void;
  /** Replaces the default error toast (e.g. to show the message next to the field). */
  onError?: (error: unknown) => void;
}

export function useSetConnectionKey({ onSuccess, onError }: Options = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: setConnectionKey,
    onSuccess: async (result, input) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: connectionKeys.keys() }),
        queryClient.invalidateQueries({ queryKey: connectionKeys.audit(input.connectionId) }),
      ]);
      onSuccess?.(result);
    },
    onError: (error) => (onError ? onError(error) : toast.error(describeError(error, 'The key could not be saved'))),
  });
}
