import { describe, expect, it } from 'vitest';
// The same documented response shapes the Edge Functions' adapters are tested against.
import llamacppFixture from '../../../../supabase/functions/_shared/providers/fixtures/llamacpp.models.json?raw';
import lmstudioFixture from '../../../../supabase/functions/_shared/providers/fixtures/lmstudio.models.json?raw';
import ollamaFixture from '../../../../supabase/functions/_shared/providers/fixtures/ollama.tags.json?raw';
import vllmFixture from '../../../../supabase/functions/_shared/providers/fixtures/vllm.models.json?raw';
import { browserAdapterFor, ModelListShapeError, parseCustomModels, parseLmStudioModels, parseModelList, parseOllamaTags, parseOpenAiModels } from './model-lists';

describe('Ollama /api/tags', () => {
  it('reads names, sizes and details, and infers embeddings and vision', () => {
    const { models, skipped } = parseOllamaTags(JSON.parse(ollamaFixture));
    expect(skipped).toBe(0);
    expect(models.map((m) => m.model_id)).toEqual(['codellama:13b', 'llama3:latest', 'llava:13b', 'nomic-embed-text:latest']);
    const llava = models.find((m) => m.model_id === 'llava:13b');
    expect(llava?.capabilities).toEqual(['chat', 'vision']);
    expect(llava?.size_bytes).toBeGreaterThan(0);
    expect(llava?.quantization).toBeTruthy();
    expect(models.find((m) => m.model_id.startsWith('nomic'))?.capabilities).toEqual(['embedding']);
  });

  it('treats {} (an empty server of some versions) as an empty list, and anything else as not a list', () => {
    expect(parseOllamaTags({}).models).toEqual([]);
    expect(() => parseOllamaTags({ error: 'unauthorized' })).toThrow(ModelListShapeError);
    expect(() => parseOllamaTags([])).toThrow(ModelListShapeError);
  });

  it('counts entries without a name as skipped', () => {
    expect(parseOllamaTags({ models: [{ name: 'a' }, { size: 3 }, 'x'] })).toMatchObject({ skipped: 2, models: [{ model_id: 'a' }] });
  });
});

describe('LM Studio /api/v0/models', () => {
  it('reads context length, type and loaded state', () => {
    const { models } = parseLmStudioModels(JSON.parse(lmstudioFixture));
    expect(models.map((m) => [m.model_id, m.capabilities])).toEqual([
      ['qwen2-vl-7b-instruct', ['chat', 'vision']],
      ['meta-llama-3.1-8b-instruct', ['chat']],
      ['text-embedding-nomic-embed-text-v1.5', ['embedding']],
    ]);
    expect(models[1]).toMatchObject({ context_length: 131072, quantization: 'Q4_K_M', family: 'llama', details: { loaded: true, publisher: 'lmstudio-community' } });
  });
});

describe('OpenAI-compatible /v1/models', () => {
  it('reads llama.cpp and vLLM lists with their context lengths', () => {
    expect(parseOpenAiModels(JSON.parse(llamacppFixture)).models[0]).toMatchObject({ model_id: 'models/Qwen2.5-7B-Instruct-Q4_K_M.gguf', context_length: 32768 });
    expect(parseOpenAiModels(JSON.parse(vllmFixture)).models[0]).toMatchObject({ model_id: 'meta-llama/Llama-3.1-8B-Instruct' });
  });

  it('keeps ids exactly as given, drops duplicates and over-long ids', () => {
    const { models, skipped } = parseOpenAiModels({ data: [{ id: 'openai/GPT-4o ' }, { id: 'openai/GPT-4o ' }, { id: 'x'.repeat(513) }, { id: 'text-embedding-3-small' }] });
    expect(models.map((m) => m.model_id)).toEqual(['openai/GPT-4o ', 'text-embedding-3-small']);
    expect(models[1]?.capabilities).toEqual(['embedding']);
    expect(skipped).toBe(1);
  });

  it('skips ids and cleans other text the database cannot store, so the rest of the list is still synced', () => {
    const { models, skipped } = parseOpenAiModels({ data: [{ id: 'good' }, { id: 'bad\u0000id' }, { id: 'half\ud800' }, { id: 'also-good' }] });
    expect(models.map((m) => m.model_id)).toEqual(['good', 'also-good']);
    expect(skipped).toBe(2);
    const ollama = parseOllamaTags({ models: [{ name: 'llama3.2:latest', details: { family: 'llama\u0000', parameter_size: '8B\udc00' } }, { name: 'qwen2.5:7b' }] });
    expect(ollama.models.map((m) => m.model_id)).toEqual(['llama3.2:latest', 'qwen2.5:7b']);
    expect(ollama.models[0]).toMatchObject({ family: 'llama', parameter_size: '8B\ufffd' });
    expect(JSON.stringify(ollama.models)).not.toMatch(/\\u0000|\\udc00/);
    expect(ollama.skipped).toBe(0);
  });

  it('refuses what is not a list', () => {
    expect(() => parseOpenAiModels({ error: { message: 'no' } })).toThrow(ModelListShapeError);
  });
});

describe('custom endpoints', () => {
  it('accepts data, models or a bare array, of objects or plain ids', () => {
    expect(parseCustomModels(['a', 'b']).models.map((m) => m.model_id)).toEqual(['a', 'b']);
    expect(parseCustomModels({ models: [{ name: 'c' }, { model: 'd' }] }).models.map((m) => m.model_id)).toEqual(['c', 'd']);
    expect(parseCustomModels({ data: [{ id: 'e' }] }).models.map((m) => m.model_id)).toEqual(['e']);
  });
});

describe('browserAdapterFor', () => {
  it('picks the parser from the kind, as data', () => {
    expect(browserAdapterFor({ id: 'ollama', discovery_adapter: 'ollama', models_path: '/api/tags' })).toBe('ollama');
    expect(browserAdapterFor({ id: 'lmstudio', discovery_adapter: 'lmstudio', models_path: '/api/v0/models' })).toBe('lmstudio');
    expect(browserAdapterFor({ id: 'custom', discovery_adapter: 'openai', models_path: null })).toBe('custom');
    expect(browserAdapterFor({ id: 'vllm', discovery_adapter: 'openai', models_path: '/v1/models' })).toBe('openai');
    expect(parseModelList('openai', { data: [] }).models).toEqual([]);
  });
});
