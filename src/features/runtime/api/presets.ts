import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { supabase } from '@/lib/supabase';
import type { PresetValues } from '../utils/preset-schema';
import type { PresetRecord } from '../utils/presets-file';
import { presetKeys } from './keys';

const COLUMNS = 'id, name, connection_id, model_id, temperature, top_p, max_tokens, context_length, system_prompt, keep_alive';

export async function getPresets(signal?: AbortSignal): Promise<PresetRecord[]> {
  let query = supabase.from('model_presets').select(COLUMNS).order('name');
  if (signal) query = query.abortSignal(signal);
  const { data, error } = await query;
  if (error) throw error;
  return (data ?? []) as PresetRecord[];
}

export const presetsQueryOptions = () => queryOptions({ queryKey: presetKeys.list(), queryFn: ({ signal }) => getPresets(signal) });

export function usePresets() {
  return useQuery(presetsQueryOptions());
}

export async function createPresets(values: readonly PresetValues[]): Promise<PresetRecord[]> {
  if (values.length === 0) return [];
  const { data, error } = await supabase.from('model_presets').insert(values.map((v) => ({ ...v }))).select(COLUMNS);
  if (error) throw error;
  return (data ?? []) as PresetRecord[];
}

export async function updatePreset(id: string, values: PresetValues): Promise<PresetRecord> {
  const { data, error } = await supabase.from('model_presets').update({ ...values }).eq('id', id).select(COLUMNS).single();
  if (error) throw error;
  return data as PresetRecord;
}

export async function deletePreset(id: string): Promise<void> {
  const { error } = await supabase.from('model_presets').delete().eq('id', id);
  if (error) throw error;
}

/** Create (no id) or update; the list is refreshed either way. */
export function useSavePreset() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, values }: { id?: string; values: PresetValues }) => (id ? updatePreset(id, values) : (await createPresets([values]))[0]!),
    onSettled: () => queryClient.invalidateQueries({ queryKey: presetKeys.all }),
  });
}

export function useDeletePreset() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: deletePreset, onSettled: () => queryClient.invalidateQueries({ queryKey: presetKeys.all }) });
}
