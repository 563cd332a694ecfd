import { useMutation, useQueryClient } from '@tanstack/react-query';
import { supabase } from '@/lib/supabase';
import type { Connection } from '../types/connections';
import type { ConnectionInput } from '../utils/connection-schema';
import { connectionKeys } from './keys';
import { setConnectionKey } from './set-connection-key';

export interface SaveConnectionResult {
  connection: Connection;
  /** Set when the row was saved but the lockbox refused or could not be reached: the key is not stored. */
  keyError: unknown;
}

export async function insertConnection(input: Omit<ConnectionInput, 'api_key'> & { enabled?: boolean }): Promise<Connection> {
  const { data, error } = await supabase
    .from('connections')
    .insert({
      name: input.name,
      kind: input.kind,
      base_url: input.base_url,
      models_path: input.models_path,
      auth_header: input.auth_header,
      probe_from: input.probe_from,
      enabled: input.enabled ?? true,
    })
    .select('*')
    .single();
  if (error) throw error;
  return data;
}

/**
 * Creates the connection row, then hands the key (if any) to the lockbox: the key needs the row's id,
 * and never rests in the browser. A key failure does not undo the row; the caller offers a retry.
 */
export async function createConnection(input: ConnectionInput): Promise<SaveConnectionResult> {
  const connection = await insertConnection(input);
  let keyError: unknown = null;
  if (input.api_key) {
    try {
      await setConnectionKey({ connectionId: connection.id, apiKey: input.api_key });
    } catch (error) {
      keyError = error;
    }
  }
  return { connection, keyError };
}

/** Errors are shown next to the form's fields by the caller, so there is no default toast. */
export function useCreateConnection() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createConnection,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: connectionKeys.all }),
  });
}
