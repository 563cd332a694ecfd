import { useQuery } from '@tanstack/react-query';
import { supabase } from '@/lib/supabase';
import { presetKeys } from './keys';

/** Every connection (id and name), for a preset's connection and for matching imported names. */
export function useConnectionChoices() {
  return useQuery({
    queryKey: [...presetKeys.all, 'connections'] as const,
    queryFn: async ({ signal }) => {
      const { data, error } = await supabase.from('connections').select('id, name').order('name').abortSignal(signal);
      if (error) throw error;
      return data ?? [];
    },
  });
}

/** The model ids a connection lists, as suggestions while typing a preset's model. */
export function useModelChoices(connectionId: string) {
  return useQuery({
    queryKey: [...presetKeys.all, 'models', connectionId] as const,
    enabled: connectionId !== '',
    queryFn: async ({ signal }) => {
      const { data, error } = await supabase.from('models').select('model_id').eq('connection_id', connectionId).eq('available', true).order('model_id').limit(2_000).abortSignal(signal);
      if (error) throw error;
      return (data ?? []).map((row) => row.model_id);
    },
  });
}
