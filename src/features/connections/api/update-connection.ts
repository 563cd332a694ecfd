import { useMutation, useQueryClient } from '@tanstack/react-query';
import { supabase } from '@/lib/supabase';
import type { ConnectionInput } from '../utils/connection-schema';
import type { SaveConnectionResult } from './create-connection';
import { connectionKeys } from './keys';
import { setConnectionKey } from './set-connection-key';

export interface UpdateConnectionInput {
  id: string;
  input: ConnectionInput;
}

/** Saves the settings; a typed key replaces the stored one (an empty key field keeps it). */
export async function updateConnection({ id, input }: UpdateConnectionInput): Promise<SaveConnectionResult> {
  const { data, error } = await supabase
    .from('connections')
    .update({
      name: input.name,
      kind: input.kind,
      base_url: input.base_url,
      models_path: input.models_path,
      auth_header: input.auth_header,
      probe_from: input.probe_from,
    })
    .eq('id', id)
    .select('*')
    .single();
  if (error) throw error;
  let keyError: unknown = null;
  if (input.api_key) {
    try {
      await setConnectionKey({ connectionId: id, apiKey: input.api_key });
    } catch (keyFailure) {
      keyError = keyFailure;
    }
  }
  return { connection: data, keyError };
}

export function useUpdateConnection() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateConnection,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: connectionKeys.all }),
  });
}
