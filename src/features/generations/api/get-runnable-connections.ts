import { useQuery } from '@tanstack/react-query';
import { supabase } from '@/lib/supabase';
import type { RunnableConnection } from '../types/generations';
import { generationKeys } from './keys';

/** The caller's connections with how prompts run on them, and whether a key is stored. */
export async function getRunnableConnections(signal?: AbortSignal): Promise<RunnableConnection[]> {
  let connections = supabase.from('connections').select('id, name, base_url, probe_from, enabled, kind_row:provider_kinds(chat_adapter, chat_path)').order('name');
  let keys = supabase.from('connection_keys').select('connection_id');
  if (signal) {
    connections = connections.abortSignal(signal);
    keys = keys.abortSignal(signal);
  }
  const [c, k] = await Promise.all([connections, keys]);
  if (c.error) throw c.error;
  if (k.error) throw k.error;
  const withKey = new Set((k.data ?? []).map((row) => row.connection_id));
  return (c.data ?? []).map((row) => {
    const kind = row.kind_row as unknown as { chat_adapter: string | null; chat_path: string | null } | null;
    return { id: row.id, name: row.name, base_url: row.base_url, probe_from: row.probe_from as RunnableConnection['probe_from'], enabled: row.enabled, chat_adapter: kind?.chat_adapter ?? null, chat_path: kind?.chat_path ?? null, has_key: withKey.has(row.id) };
  });
}

export function useRunnableConnections() {
  return useQuery({ queryKey: generationKeys.connections(), queryFn: ({ signal }) => getRunnableConnections(signal) });
}

export interface PlaygroundPreset {
  id: string;
  name: string;
  connection_id: string | null;
  model_id: string | null;
  temperature: number | null;
  top_p: number | null;
  max_tokens: number | null;
  context_length: number | null;
  system_prompt: string | null;
  keep_alive: string | null;
}

/** Presets to start a run from (managed on the Runtime page). */
export function usePlaygroundPresets() {
  return useQuery({
    queryKey: generationKeys.presets(),
    queryFn: async ({ signal }) => {
      const { data, error } = await supabase.from('model_presets').select('id, name, connection_id, model_id, temperature, top_p, max_tokens, context_length, system_prompt, keep_alive').order('name').abortSignal(signal);
      if (error) throw error;
      return (data ?? []) as PlaygroundPreset[];
    },
  });
}
