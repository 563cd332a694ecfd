import type { Database } from '@/lib/database.types';

export type Generation = Database['public']['Tables']['generations']['Row'];
export type GenerationStatus = 'pending' | 'streaming' | 'completed' | 'cancelled' | 'error';

export interface GenerationParameters {
  temperature?: number;
  top_p?: number;
  max_tokens?: number;
  context_length?: number;
  keep_alive?: string;
}

/** What the playground runs. */
export interface RunInput {
  connectionId: string;
  modelId: string;
  prompt: string;
  systemPrompt: string | null;
  presetId: string | null;
  parameters: GenerationParameters;
}

/** How a run ended, as the generate function (or the browser path) reports it. */
export interface RunResult {
  generationId: string | null;
  status: 'completed' | 'cancelled' | 'error';
  error: string | null;
  output: string;
  promptTokens: number | null;
  completionTokens: number | null;
  latencyMs: number | null;
  firstTokenMs: number | null;
}

/** A connection as the playground needs it: where prompts run and how. */
export interface RunnableConnection {
  id: string;
  name: string;
  base_url: string;
  probe_from: 'server' | 'browser';
  enabled: boolean;
  chat_adapter: string | null;
  chat_path: string | null;
  has_key: boolean;
}

export interface GenerationFilters {
  connectionId: string | null;
  modelId: string | null;
  favoritesOnly: boolean;
  collectionId: string | null;
  search: string;
}
