/**
 * Every adapter against responses shaped exactly like the providers' documented ones
 * (fixtures/*.json), plus the malformed shapes a misconfigured connection meets.
 */
import assert from 'node:assert/strict';
import anthropicPage1 from '../fixtures/anthropic.models.page1.json' with { type: 'json' };
import anthropicPage2 from '../fixtures/anthropic.models.page2.json' with { type: 'json' };
import geminiPage1 from '../fixtures/gemini.models.page1.json' with { type: 'json' };
import geminiPage2 from '../fixtures/gemini.models.page2.json' with { type: 'json' };
import groqModels from '../fixtures/groq.models.json' with { type: 'json' };
import llamacppModels from '../fixtures/llamacpp.models.json' with { type: 'json' };
import lmstudioModels from '../fixtures/lmstudio.models.json' with { type: 'json' };
import mistralModels from '../fixtures/mistral.models.json' with { type: 'json' };
import ollamaTags from '../fixtures/ollama.tags.json' with { type: 'json' };
import openaiModels from '../fixtures/openai.models.json' with { type: 'json' };
import openrouterModels from '../fixtures/openrouter.models.json' with { type: 'json' };
import togetherModels from '../fixtures/together.models.json' with { type: 'json' };
import vllmModels from '../fixtures/vllm.models.json' with { type: 'json' };
import { adapterFor } from '../registry.ts';
import { ADAPTER_IDS, type NormalizedModel, ShapeError } from '../types.ts';

function byId(models: NormalizedModel[]): Map<string, NormalizedModel> {
  return new Map(models.map((m) => [m.modelId, m]));
}

Deno.test('openai: ids exactly as given, capabilities from well-known names only', () => {
  const page = adapterFor('openai').parse(openaiModels);
  assert.equal(page.skipped, 0);
  assert.equal(page.nextCursor, undefined);
  const models = byId(page.models);
  assert.deepEqual([...models.keys()], openaiModels.data.map((m) => m.id));
  assert.deepEqual(models.get('gpt-4o'), {
    modelId: 'gpt-4o',
    displayName: 'gpt-4o',
    capabilities: ['chat'],
    details: { ownedBy: 'system', created: 1715367049 },
  });
  assert.deepEqual(models.get('text-embedding-3-small')!.capabilities, ['embedding']);
  assert.deepEqual(models.get('whisper-1')!.capabilities, ['audio']);
  assert.deepEqual(models.get('tts-1')!.capabilities, ['audio']);
  assert.deepEqual(models.get('dall-e-3')!.capabilities, ['image']);
  assert.deepEqual(models.get('omni-moderation-latest')!.capabilities, []);
  assert.ok(models.has('ft:gpt-4o-mini-2024-07-18:acme::9abcDEF1'), 'fine-tune ids are kept verbatim');
});

Deno.test('openai adapter reads Groq context_window', () => {
  const models = byId(adapterFor('openai').parse(groqModels).models);
  assert.equal(models.get('llama-3.3-70b-versatile')!.contextLength, 131072);
  assert.deepEqual(models.get('llama-3.3-70b-versatile')!.capabilities, ['chat']);
  assert.deepEqual(models.get('whisper-large-v3')!.capabilities, ['audio']);
});

Deno.test('openai adapter reads Mistral capabilities and max_context_length; aliases stay separate ids', () => {
  const models = byId(adapterFor('openai').parse(mistralModels).models);
  assert.equal(models.size, 5);
  assert.deepEqual(models.get('mistral-large-latest')!.capabilities, ['chat', 'tools']);
  assert.equal(models.get('mistral-large-latest')!.contextLength, 131072);
  assert.deepEqual(models.get('pixtral-large-latest')!.capabilities, ['chat', 'vision', 'tools']);
  assert.deepEqual(models.get('codestral-latest')!.capabilities, ['chat', 'completion', 'tools']);
  assert.deepEqual(models.get('mistral-embed')!.capabilities, ['embedding']);
  assert.match(String(models.get('mistral-large-latest')!.details!.description), /top-tier reasoning/);
});

Deno.test('openai adapter reads vLLM max_model_len and llama.cpp meta.n_ctx_train', () => {
  const vllm = adapterFor('openai').parse(vllmModels).models[0];
  assert.equal(vllm.modelId, 'meta-llama/Llama-3.1-8B-Instruct');
  assert.equal(vllm.contextLength, 131072);
  const llamacpp = adapterFor('openai').parse(llamacppModels).models[0];
  assert.equal(llamacpp.modelId, 'models/Qwen2.5-7B-Instruct-Q4_K_M.gguf');
  assert.equal(llamacpp.contextLength, 32768);
});

Deno.test('a type that names an Object method is no capability list: the id decides', () => {
  const page = adapterFor('openai').parse({ data: [{ id: 'odd-model', type: 'constructor' }, { id: 'odd-embed', type: 'toString' }] });
  assert.deepEqual(page.models.map((m) => m.capabilities), [['chat'], ['embedding']]);
});

Deno.test('together: a bare array with type, context_length and per-million pricing', () => {
  const page = adapterFor('together').parse(togetherModels);
  const models = byId(page.models);
  assert.equal(models.size, 5);
  assert.deepEqual(models.get('meta-llama/Llama-3.3-70B-Instruct-Turbo'), {
    modelId: 'meta-llama/Llama-3.3-70B-Instruct-Turbo',
    displayName: 'Meta Llama 3.3 70B Instruct Turbo',
    contextLength: 131072,
    capabilities: ['chat'],
    pricing: { promptPerMillion: 0.88, completionPerMillion: 0.88, currency: 'USD' },
    details: { ownedBy: 'Meta', created: 1733443200 },
  });
  assert.deepEqual(models.get('deepseek-ai/DeepSeek-R1')!.pricing, {
    promptPerMillion: 3,
    completionPerMillion: 7,
    currency: 'USD',
  });
  assert.deepEqual(models.get('BAAI/bge-large-en-v1.5')!.capabilities, ['embedding']);
  assert.deepEqual(models.get('black-forest-labs/FLUX.1-schnell')!.capabilities, ['image']);
  assert.equal(models.get('black-forest-labs/FLUX.1-schnell')!.contextLength, undefined);
  assert.deepEqual(models.get('Salesforce/Llama-Rank-V1')!.capabilities, []);
  // The generic OpenAI adapter reads Together's array the same way (kinds may point either at it).
  assert.deepEqual(adapterFor('openai').parse(togetherModels), page);
});

Deno.test('anthropic: pages through has_more/last_id; capabilities when the API states them', () => {
  const adapter = adapterFor('anthropic');
  assert.deepEqual(adapter.pageQuery!(undefined), { limit: '1000' });
  assert.deepEqual(adapter.pageQuery!('claude-3-5-haiku-20241022'), {
    limit: '1000',
    after_id: 'claude-3-5-haiku-20241022',
  });

  const first = adapter.parse(anthropicPage1);
  assert.equal(first.nextCursor, 'claude-3-5-haiku-20241022');
  assert.deepEqual(first.models[0], {
    modelId: 'claude-sonnet-4-20250514',
    displayName: 'Claude Sonnet 4',
    capabilities: ['chat', 'vision', 'tools'],
    details: { createdAt: '2025-05-22T00:00:00Z' },
  });

  const second = adapter.parse(anthropicPage2);
  assert.equal(second.nextCursor, undefined);
  assert.deepEqual(second.models[0], {
    modelId: 'claude-opus-4-1-20250805',
    displayName: 'Claude Opus 4.1',
    contextLength: 200000,
    capabilities: ['chat', 'vision', 'tools', 'reasoning'],
    details: { createdAt: '2025-08-05T00:00:00Z', maxOutputTokens: 32000 },
  });
});

Deno.test('openrouter: per-token price strings become per-million numbers; modalities become capabilities', () => {
  const models = byId(adapterFor('openrouter').parse(openrouterModels).models);
  const gpt4o = models.get('openai/gpt-4o')!;
  assert.equal(gpt4o.displayName, 'OpenAI: GPT-4o');
  assert.equal(gpt4o.contextLength, 128000);
  assert.deepEqual(gpt4o.pricing, { promptPerMillion: 2.5, completionPerMillion: 10, currency: 'USD' });
  assert.deepEqual(gpt4o.capabilities, ['chat', 'vision', 'tools']);
  assert.equal(gpt4o.details!.maxOutputTokens, 16384);

  const r1 = models.get('deepseek/deepseek-r1:free')!;
  assert.deepEqual(r1.pricing, { promptPerMillion: 0, completionPerMillion: 0, currency: 'USD' }, 'free is a price');
  assert.deepEqual(r1.capabilities, ['chat', 'reasoning']);

  const image = models.get('google/gemini-2.5-flash-image-preview')!;
  assert.deepEqual(image.capabilities, ['chat', 'vision', 'image']);
  assert.deepEqual(image.pricing, { promptPerMillion: 0.3, completionPerMillion: 2.5, currency: 'USD' });

  assert.equal(models.get('openrouter/auto')!.pricing, undefined, '"-1" means the price is not known');
});

Deno.test('gemini: strips the models/ resource prefix, pages with nextPageToken, reads limits and methods', () => {
  const adapter = adapterFor('gemini');
  assert.deepEqual(adapter.pageQuery!(undefined), { pageSize: '1000' });
  assert.deepEqual(adapter.pageQuery!('abc'), { pageSize: '1000', pageToken: 'abc' });

  const first = adapter.parse(geminiPage1);
  assert.equal(first.nextCursor, 'Ch1tb2RlbHMvZ2VtaW5pLTIuMC1mbGFzaA==');
  const flash = first.models[0];
  assert.equal(flash.modelId, 'gemini-2.5-flash');
  assert.equal(flash.displayName, 'Gemini 2.5 Flash');
  assert.equal(flash.contextLength, 1048576);
  assert.deepEqual(flash.capabilities, ['chat', 'vision', 'tools', 'reasoning']);
  assert.equal(flash.details!.maxOutputTokens, 65536);
  assert.deepEqual(first.models[1].capabilities, ['chat', 'vision', 'tools']);

  const second = byId(adapter.parse(geminiPage2).models);
  assert.equal(adapter.parse(geminiPage2).nextCursor, undefined);
  assert.deepEqual(second.get('text-embedding-004')!.capabilities, ['embedding']);
  assert.deepEqual(second.get('gemma-3-27b-it')!.capabilities, ['chat']);
  assert.deepEqual(second.get('imagen-4.0-generate-001')!.capabilities, ['image']);
  assert.deepEqual(adapter.parse({}).models, [], 'an account without models answers {}');
});

Deno.test('ollama: name is the id; size, family, parameter size and quantization are kept', () => {
  const models = byId(adapterFor('ollama').parse(ollamaTags).models);
  assert.deepEqual(models.get('codellama:13b'), {
    modelId: 'codellama:13b',
    displayName: 'codellama:13b',
    capabilities: ['chat'],
    sizeBytes: 7365960935,
    family: 'llama',
    parameterSize: '13B',
    quantization: 'Q4_0',
    details: {
      digest: '9f438cb9cd581fc025612d27f7c1a6669ff83a8bb0ed86c94fcf4c5440555697',
      modifiedAt: '2023-11-04T14:56:49.277302595-07:00',
      format: 'gguf',
    },
  });
  assert.deepEqual(models.get('llava:13b')!.capabilities, ['chat', 'vision']);
  assert.deepEqual(models.get('nomic-embed-text:latest')!.capabilities, ['embedding']);
  assert.deepEqual(adapterFor('ollama').parse({ models: [] }).models, []);
  // Capabilities Ollama states itself win over inference.
  const stated = adapterFor('ollama').parse({
    models: [{ name: 'qwen3:8b', capabilities: ['completion', 'tools', 'thinking'] }],
  });
  assert.deepEqual(stated.models[0].capabilities, ['chat', 'tools', 'reasoning']);
});

Deno.test('lmstudio: type, loaded state, context and quantization', () => {
  const models = byId(adapterFor('lmstudio').parse(lmstudioModels).models);
  assert.deepEqual(models.get('qwen2-vl-7b-instruct'), {
    modelId: 'qwen2-vl-7b-instruct',
    displayName: 'qwen2-vl-7b-instruct',
    contextLength: 32768,
    capabilities: ['chat', 'vision'],
    family: 'qwen2_vl',
    quantization: '4bit',
    loaded: false,
    details: { publisher: 'mlx-community', format: 'mlx' },
  });
  assert.equal(models.get('meta-llama-3.1-8b-instruct')!.loaded, true);
  assert.deepEqual(models.get('meta-llama-3.1-8b-instruct')!.capabilities, ['chat']);
  assert.deepEqual(models.get('text-embedding-nomic-embed-text-v1.5')!.capabilities, ['embedding']);
});

Deno.test('custom: OpenAI-shaped, bare arrays, {models}, and plain string entries', () => {
  const custom = adapterFor('custom');
  assert.deepEqual(custom.parse(openaiModels).models.map((m) => m.modelId), openaiModels.data.map((m) => m.id));
  assert.deepEqual(custom.parse(['model-a', 'model-b']).models.map((m) => m.modelId), ['model-a', 'model-b']);
  assert.deepEqual(custom.parse({ models: [{ name: 'x:1' }, { model: 'y' }] }).models.map((m) => m.modelId), [
    'x:1',
    'y',
  ]);
  assert.equal(custom.parse(togetherModels).models[0].contextLength, 131072);
});

Deno.test('entries without an id are skipped and counted; duplicates and overlong ids are dropped', () => {
  const page = adapterFor('openai').parse({
    object: 'list',
    data: [{ id: 'a' }, { object: 'model' }, null, 'text', { id: '' }, { id: 'a' }, { id: 'x'.repeat(513) }, {
      id: 'b',
    }],
  });
  assert.deepEqual(page.models.map((m) => m.modelId), ['a', 'b']);
  assert.equal(page.skipped, 5);
});

Deno.test('bodies that are not the expected list throw ShapeError', () => {
  const wrong: Array<[string, unknown]> = [
    ['openai', { error: { message: 'nope' } }],
    ['openai', 'text'],
    ['openai', null],
    ['anthropic', []],
    ['anthropic', { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } }],
    ['openrouter', { models: [] }],
    ['gemini', { error: { code: 400, message: 'API key not valid.' } }],
    ['ollama', { error: 'unauthorized' }],
    ['ollama', []],
    ['lmstudio', [{ id: 'x' }]],
    ['custom', { error: 'x' }],
  ];
  for (const [id, body] of wrong) {
    assert.throws(() => adapterFor(id as never).parse(body), ShapeError, `${id}: ${JSON.stringify(body)}`);
  }
});

Deno.test('every adapter id is registered', () => {
  for (const id of ADAPTER_IDS) assert.equal(adapterFor(id).id, id);
});
