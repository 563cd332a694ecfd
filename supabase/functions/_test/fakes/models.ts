/**
 * Deterministic model lists for the fakes: a handful of realistic entries first (so adapters see
 * embeddings, vision and audio models), then numbered filler up to the requested count.
 */

const OPENAI_SEED = ['gpt-4o', 'gpt-4o-mini', 'text-embedding-3-small', 'whisper-1', 'o3-mini'];

/** One entry of OpenAI's `GET /v1/models` list. */
export interface OpenAiModelObject {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
}

export function openAiModelId(index: number): string {
  return index < OPENAI_SEED.length ? OPENAI_SEED[index] : `fake-model-${String(index).padStart(5, '0')}`;
}

export function openAiModel(index: number): OpenAiModelObject {
  return {
    id: openAiModelId(index),
    object: 'model',
    created: 1_700_000_000 + index,
    owned_by: index < OPENAI_SEED.length ? 'system' : 'fake-org',
  };
}

const OLLAMA_SEED: ReadonlyArray<
  { name: string; family: string; families: string[]; parameterSize: string; quantization: string }
> = [
  { name: 'llama3.2:latest', family: 'llama', families: ['llama'], parameterSize: '3.2B', quantization: 'Q4_K_M' },
  { name: 'qwen2.5:7b', family: 'qwen2', families: ['qwen2'], parameterSize: '7.6B', quantization: 'Q4_K_M' },
  {
    name: 'nomic-embed-text:latest',
    family: 'nomic-bert',
    families: ['nomic-bert'],
    parameterSize: '137M',
    quantization: 'F16',
  },
  { name: 'llava:13b', family: 'llama', families: ['llama', 'clip'], parameterSize: '13B', quantization: 'Q4_0' },
  { name: 'gemma3:4b', family: 'gemma3', families: ['gemma3'], parameterSize: '4.3B', quantization: 'Q4_K_M' },
];

/** One entry of Ollama's `GET /api/tags` list. */
export interface OllamaTag {
  name: string;
  model: string;
  modified_at: string;
  size: number;
  digest: string;
  details: {
    parent_model: string;
    format: string;
    family: string;
    families: string[];
    parameter_size: string;
    quantization_level: string;
  };
}

function digestFor(index: number): string {
  // 64 hex characters, like a sha256, stable per index.
  let hex = '';
  let x = (index + 1) * 2654435761;
  while (hex.length < 64) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    hex += x.toString(16).padStart(8, '0');
  }
  return hex.slice(0, 64);
}

export function ollamaModelName(index: number): string {
  return index < OLLAMA_SEED.length ? OLLAMA_SEED[index].name : `fake-model-${String(index).padStart(5, '0')}:latest`;
}

export function ollamaTag(index: number): OllamaTag {
  const seed = OLLAMA_SEED[index] ?? {
    name: ollamaModelName(index),
    family: 'llama',
    families: ['llama'],
    parameterSize: '1B',
    quantization: 'Q4_0',
  };
  return {
    name: seed.name,
    model: seed.name,
    modified_at: new Date(Date.UTC(2025, 0, 1) + index * 60_000).toISOString(),
    size: 1_000_000_000 + index * 1_000,
    digest: digestFor(index),
    details: {
      parent_model: '',
      format: 'gguf',
      family: seed.family,
      families: seed.families,
      parameter_size: seed.parameterSize,
      quantization_level: seed.quantization,
    },
  };
}
