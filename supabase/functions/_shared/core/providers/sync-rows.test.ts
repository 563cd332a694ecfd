/**
 * Model lists as the rows sync_connection_models stores: the discovery function's path and the
 * browser's (for servers only the browser can reach) are this one.
 */
import assert from 'node:assert/strict';
import llamacppModels from './fixtures/llamacpp.models.json' with { type: 'json' };
import lmstudioModels from './fixtures/lmstudio.models.json' with { type: 'json' };
import ollamaTags from './fixtures/ollama.tags.json' with { type: 'json' };
import vllmModels from './fixtures/vllm.models.json' with { type: 'json' };
import { parseModelRows, toSyncInput } from './sync-rows.ts';
import { ShapeError } from './types.ts';

Deno.test('models become sync rows the database accepts whatever the server sent', () => {
  const { rows, dropped } = toSyncInput([
    {
      modelId: 'dall-e-3',
      displayName: 'DALL·E 3',
      capabilities: ['image'],
      contextLength: 4096,
      pricing: { promptPerMillion: 1.5, completionPerMillion: 2, currency: 'USD' },
      loaded: true,
      details: { owner: 'openai\u0000', bad: Number.NaN },
    },
    { modelId: 'huge', displayName: 'huge', capabilities: ['chat'], contextLength: 3_000_000_000, sizeBytes: -1 },
    { modelId: 'nul\u0000id', displayName: 'x', capabilities: [] },
    { modelId: 'half\ud800', displayName: 'x', capabilities: [] },
    { modelId: 'qwen', displayName: 'Qwen \udc00\u0000', family: 'qw\ud83den', capabilities: ['chat'], details: { ['k\u0000']: 'v\ud800' } },
  ]);
  assert.equal(dropped, 2, 'an id Postgres cannot store is dropped: changed, it would name a model the server lacks');
  assert.deepEqual(rows, [
    {
      model_id: 'dall-e-3',
      display_name: 'DALL·E 3',
      capabilities: ['image_generation'],
      context_length: 4096,
      prompt_price_per_mtok: 1.5,
      completion_price_per_mtok: 2,
      details: { owner: 'openai', loaded: true },
    },
    { model_id: 'huge', display_name: 'huge', capabilities: ['chat'] },
    { model_id: 'qwen', display_name: 'Qwen \uFFFD', family: 'qw\uFFFDen', capabilities: ['chat'], details: { k: 'v\uFFFD' } },
  ]);
});


Deno.test('Ollama /api/tags: names, sizes and details, with embeddings and vision inferred', () => {
  const { models, skipped } = parseModelRows('ollama', ollamaTags);
  assert.equal(skipped, 0);
  assert.deepEqual(models.map((m) => m.model_id), ['codellama:13b', 'llama3:latest', 'llava:13b', 'nomic-embed-text:latest']);
  const llava = models.find((m) => m.model_id === 'llava:13b')!;
  assert.deepEqual(llava.capabilities, ['chat', 'vision']);
  assert.ok(llava.size_bytes! > 0);
  assert.ok(llava.quantization);
  assert.deepEqual(models.find((m) => m.model_id.startsWith('nomic'))?.capabilities, ['embedding']);
});

Deno.test('Ollama: {} (an empty server of some versions) is an empty list, anything else is not a list', () => {
  assert.deepEqual(parseModelRows('ollama', {}).models, []);
  assert.throws(() => parseModelRows('ollama', { error: 'unauthorized' }), ShapeError);
  assert.throws(() => parseModelRows('ollama', []), ShapeError);
});

Deno.test('entries without a name are counted as skipped', () => {
  const { models, skipped } = parseModelRows('ollama', { models: [{ name: 'a' }, { size: 3 }, 'x'] });
  assert.equal(skipped, 2);
  assert.deepEqual(models.map((m) => m.model_id), ['a']);
});

Deno.test('LM Studio /api/v0/models: context length, type and loaded state', () => {
  const { models } = parseModelRows('lmstudio', lmstudioModels);
  assert.deepEqual(models.map((m) => [m.model_id, m.capabilities]), [
    ['qwen2-vl-7b-instruct', ['chat', 'vision']],
    ['meta-llama-3.1-8b-instruct', ['chat']],
    ['text-embedding-nomic-embed-text-v1.5', ['embedding']],
  ]);
  const llama = models[1];
  assert.equal(llama.context_length, 131072);
  assert.equal(llama.quantization, 'Q4_K_M');
  assert.equal(llama.family, 'llama');
  assert.equal(llama.details?.loaded, true);
  assert.equal(llama.details?.publisher, 'lmstudio-community');
});

Deno.test('OpenAI-compatible /v1/models: llama.cpp and vLLM lists with their context lengths', () => {
  const llamacpp = parseModelRows('openai', llamacppModels).models[0];
  assert.equal(llamacpp.model_id, 'models/Qwen2.5-7B-Instruct-Q4_K_M.gguf');
  assert.equal(llamacpp.context_length, 32768);
  assert.equal(parseModelRows('openai', vllmModels).models[0].model_id, 'meta-llama/Llama-3.1-8B-Instruct');
});

Deno.test('ids are kept exactly as given; duplicates and over-long ids are dropped', () => {
  const { models, skipped } = parseModelRows('openai', {
    data: [{ id: 'openai/GPT-4o ' }, { id: 'openai/GPT-4o ' }, { id: 'x'.repeat(513) }, { id: 'text-embedding-3-small' }],
  });
  assert.deepEqual(models.map((m) => m.model_id), ['openai/GPT-4o ', 'text-embedding-3-small']);
  assert.deepEqual(models[1].capabilities, ['embedding']);
  assert.equal(skipped, 1);
});

Deno.test('ids the database cannot store are skipped and other such text cleaned, so the rest is still synced', () => {
  const { models, skipped } = parseModelRows('openai', { data: [{ id: 'good' }, { id: 'bad\u0000id' }, { id: 'half\ud800' }, { id: 'also-good' }] });
  assert.deepEqual(models.map((m) => m.model_id), ['good', 'also-good']);
  assert.equal(skipped, 2);
  const ollama = parseModelRows('ollama', {
    models: [{ name: 'llama3.2:latest', details: { family: 'llama\u0000', parameter_size: '8B\udc00' } }, { name: 'qwen2.5:7b' }],
  });
  assert.deepEqual(ollama.models.map((m) => m.model_id), ['llama3.2:latest', 'qwen2.5:7b']);
  assert.equal(ollama.models[0].family, 'llama');
  assert.equal(ollama.models[0].parameter_size, '8B\ufffd');
  assert.doesNotMatch(JSON.stringify(ollama.models), /\\u0000|\\udc00/);
  assert.equal(ollama.skipped, 0);
});

Deno.test('what is not a list of the protocol is refused', () => {
  assert.throws(() => parseModelRows('openai', { error: { message: 'no' } }), ShapeError);
});

Deno.test('custom endpoints: data, models or a bare array, of objects or plain ids', () => {
  const ids = (body: unknown) => parseModelRows('custom', body).models.map((m) => m.model_id);
  assert.deepEqual(ids(['a', 'b']), ['a', 'b']);
  assert.deepEqual(ids({ models: [{ name: 'c' }, { model: 'd' }] }), ['c', 'd']);
  assert.deepEqual(ids({ data: [{ id: 'e' }] }), ['e']);
  assert.deepEqual(parseModelRows('openai', { data: [] }).models, []);
});
