/**
 * The discovery core in-process (no function, no database), for `npm run bench:health`:
 * discoverModels (fetch through the SSRF guard, parse, normalize) plus the mapping to sync rows,
 * against a model list served by the fakes (serve-fakes.ts). Prints one JSON line.
 *
 *   deno run --config supabase/functions/deno.json --allow-net=127.0.0.1 --allow-sys --v8-flags=--expose-gc \
 *     supabase/functions/_test/bench/discovery-core.ts <base URL> <adapter: openai|ollama> <runs>
 */
import { toSyncInput } from '../../_shared/core/providers/sync-rows.ts';
import { discoverModels } from '../../_shared/providers/discover.ts';
import type { ConnectionTarget } from '../../_shared/core/providers/types.ts';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

if (import.meta.main) {
  const [baseUrl, adapter = 'openai', runsText = '5'] = Deno.args;
  const runs = Math.max(1, Math.min(50, Number(runsText) || 5));
  const target: ConnectionTarget = {
    kind: adapter === 'ollama' ? 'ollama' : 'vllm',
    adapter: adapter === 'ollama' ? 'ollama' : 'openai',
    baseUrl,
    modelsPath: adapter === 'ollama' ? '/api/tags' : '/v1/models',
    authScheme: 'bearer',
    apiKey: null,
  };
  const samples: Array<{ ms: number; models: number; bytes_retained: number; heap_peak_delta: number }> = [];
  // Holds each run's result across the measuring gc(), as a function holds it until it is stored.
  const kept: unknown[] = [];
  for (let i = 0; i < runs; i++) {
    gc();
    const before = Deno.memoryUsage();
    const started = performance.now();
    const result = await discoverModels(target, { allowPrivate: true, timeoutMs: 30_000 });
    if (!result.ok) throw new Error(`discovery failed: ${result.error.message}`);
    const { rows } = toSyncInput(result.models);
    const ms = performance.now() - started;
    const peak = Deno.memoryUsage();
    kept.push(result, rows);
    gc();
    const retained = Deno.memoryUsage().heapUsed - before.heapUsed;
    kept.length = 0;
    samples.push({
      ms,
      models: rows.length,
      bytes_retained: retained,
      heap_peak_delta: peak.heapUsed - before.heapUsed,
    });
  }
  console.log(JSON.stringify({ adapter: target.adapter, runs: samples, rss: Deno.memoryUsage().rss }));
}
