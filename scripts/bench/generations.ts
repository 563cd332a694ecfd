/**
 * `npm run bench:generations`, on the `bench` stack instance with the fake Ollama:
 *
 * 1. Time to first token added by the generate function: the same prompt, in the same run, sent
 *    (a) straight to the fake provider (/api/chat) and (b) through the gateway and the function
 *    (auth, rate limit, the key lookup, recording the run, the SSRF-guarded stream). BENCH_RUNS
 *    (default 20) pairs, interleaved; the fake streams with no delay, so the difference is ours.
 * 2. Scrolling through 10,000 generations in Chromium on the Generations page: the time of each
 *    keyset page request (list_generations), first pages against deep ones, the cards and DOM nodes
 *    in the page while scrolling, and the time to reach the end; plus the RPC alone from Node for
 *    the first page and a page 9,000 rows deep.
 *
 * Prints a table and writes JSON to bench-results/. Starts the `bench` instance fresh and stops it
 * at the end (STACK_REUSE=1 keeps a running one). Every loop is bounded.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { REPO_ROOT } from '../stack/instance.ts';
import { startStack, stopStack } from '../stack/lifecycle.ts';
import { startFakeServers } from '../testing/fake-servers.ts';
import { api, createBenchUser, createDiscoveredOllama, fmt, instance, launchChromium, serveApp, signedInPage, summary } from './browser-app.ts';

const RUNS = Math.max(3, Math.min(100, Number(process.env.BENCH_RUNS ?? 20)));
const GENERATIONS = 10_000;
const PORT = 4177;
const MODEL = 'llama3.2:latest';

/** Milliseconds from sending to the first byte of the first token, read from a streamed body. */
async function firstTokenMs(url: string, init: RequestInit, marker: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(url, init);
  if (!response.ok || !response.body) throw new Error(`${url}: HTTP ${response.status} ${await response.text()}`);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let at = NaN;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
    if (Number.isNaN(at) && text.includes(marker)) at = performance.now() - started;
  }
  return at;
}

async function main() {
  const reuse = process.env.STACK_REUSE === '1';
  console.log(`Benchmarking generations on ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim()}), Node ${process.version}; ${RUNS} first-token pairs; ${GENERATIONS} generations to scroll`);
  const { timings } = await startStack(instance, { fresh: !reuse });
  console.log(`  bench stack ready (${fmt(timings.total, 2)} s)`);
  const fakes = await startFakeServers({ models: 5 });
  await fakes.set('ollama', { tokenDelayMs: 0 });
  const app = await serveApp(PORT);
  const browser = await launchChromium();
  const db = new pg.Client({ connectionString: instance.dbUrl });
  await db.connect();
  try {
    const { email, token } = await createBenchUser('generations');
    const connectionId = await createDiscoveredOllama(token, fakes.ollama);

    // --- 1. Time to first token, direct and through the function --------------------------------
    const direct: number[] = [];
    const viaFunction: number[] = [];
    const prompt = { model: MODEL, messages: [{ role: 'user', content: 'Benchmark me' }], stream: true };
    const body = { connection_id: connectionId, model_id: MODEL, prompt: 'Benchmark me' };
    // Warm-up: the function's modules and the database connection, off the clock.
    await firstTokenMs(`${instance.apiUrl}/functions/v1/generate`, { method: 'POST', headers: { apikey: instance.anonKey, Authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }, '"type":"token"');
    for (let i = 0; i < RUNS; i++) {
      direct.push(await firstTokenMs(`${fakes.ollama}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(prompt) }, '"content"'));
      viaFunction.push(await firstTokenMs(`${instance.apiUrl}/functions/v1/generate`, { method: 'POST', headers: { apikey: instance.anonKey, Authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }, '"type":"token"'));
    }
    console.log('  first tokens measured');

    // --- 2. 10,000 generations -------------------------------------------------------------------
    const { sub: ownerId } = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sub: string };
    await db.query(
      `insert into public.generations (owner_id, connection_id, model_id, prompt, output, status, created_at, finished_at, latency_ms)
       select $1, $2, $3, 'Bench prompt number ' || n, 'An answer of a few words for generation ' || n, 'completed',
              timestamptz '2026-01-01' + n * interval '1 minute', timestamptz '2026-01-01' + n * interval '1 minute', 900
         from generate_series(1, $4) as n`,
      [ownerId, connectionId, MODEL, GENERATIONS],
    );
    const rpc = async (cursor: { created_at: string; id: string } | null) => {
      const started = performance.now();
      const rows = (await api('/rest/v1/rpc/list_generations', { method: 'POST', token, body: JSON.stringify({ page_size: 30, before_created_at: cursor?.created_at, before_id: cursor?.id }) })) as { created_at: string; id: string }[];
      return { ms: performance.now() - started, rows };
    };
    const deepRow = (await db.query<{ created_at: Date; id: string }>('select created_at, id from public.generations where owner_id = $1 order by created_at desc, id desc offset 9000 limit 1', [ownerId])).rows[0]!;
    const firstPage: number[] = [];
    const deepPage: number[] = [];
    for (let i = 0; i < 10; i++) {
      firstPage.push((await rpc(null)).ms);
      deepPage.push((await rpc({ created_at: deepRow.created_at.toISOString(), id: deepRow.id })).ms);
    }

    const page = await signedInPage(browser, app.url, email);
    const pageTimes: number[] = [];
    page.on('requestfinished', (request) => {
      if (!request.url().includes('/rpc/list_generations')) return;
      const t = request.timing();
      if (t.responseEnd > 0) pageTimes.push(t.responseEnd - Math.max(0, t.requestStart));
    });
    await page.goto(`${app.url}/generations`);
    await page.getByRole('article').first().waitFor();
    const started = performance.now();
    const samples: { shown: number; articles: number; nodes: number }[] = [];
    for (let step = 0; step < 2_000; step++) {
      const state = await page.evaluate(() => {
        window.scrollTo(0, document.body.scrollHeight);
        const shown = /([\d,]+) shown/.exec(document.body.textContent ?? '')?.[1] ?? '0';
        return { shown: Number(shown.replace(/,/g, '')), articles: document.querySelectorAll('article').length, nodes: document.getElementsByTagName('*').length, done: (document.body.textContent ?? '').includes('That is all of them.') };
      });
      if (step % 25 === 0 || state.done) samples.push({ shown: state.shown, articles: state.articles, nodes: state.nodes });
      if (state.done) break;
      await page.waitForTimeout(50);
    }
    const scrollSeconds = (performance.now() - started) / 1000;
    await page.close();

    const maxArticles = Math.max(...samples.map((s) => s.articles));
    const maxNodes = Math.max(...samples.map((s) => s.nodes));
    const results = {
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model.trim(), load: os.loadavg() },
      first_token_ms: { direct: summary(direct), through_function: summary(viaFunction), added_p50: summary(viaFunction).p50 - summary(direct).p50, raw: { direct, viaFunction } },
      scroll: {
        generations: GENERATIONS,
        reached: samples.at(-1)?.shown ?? 0,
        seconds_to_the_end: scrollSeconds,
        page_requests: pageTimes.length,
        page_fetch_ms_in_browser: { first_10: summary(pageTimes.slice(0, 10)), last_10: summary(pageTimes.slice(-10)), all: summary(pageTimes) },
        rpc_from_node_ms: { first_page: summary(firstPage), page_9000_rows_deep: summary(deepPage) },
        max_cards_in_dom: maxArticles,
        max_dom_nodes: maxNodes,
        samples,
      },
    };
    fs.mkdirSync(path.join(REPO_ROOT, 'bench-results'), { recursive: true });
    const file = path.join(REPO_ROOT, 'bench-results', `generations-${Date.now()}.json`);
    fs.writeFileSync(file, JSON.stringify(results, null, 2));

    const line = (name: string, s: ReturnType<typeof summary>) => console.log(`  ${name.padEnd(40)} ${String(s.n).padStart(4)}   ${fmt(s.p50).padStart(7)}   ${fmt(s.p95).padStart(7)}   ${fmt(s.max).padStart(7)}`);
    console.log(`\nGenerations (load average ${os.loadavg().map((n) => n.toFixed(1)).join(' ')})`);
    console.log('  time to first token                         n    p50 ms    p95 ms    max ms');
    line('straight to the fake Ollama', results.first_token_ms.direct);
    line('through gateway + generate function', results.first_token_ms.through_function);
    console.log(`  added by the function (p50): ${fmt(results.first_token_ms.added_p50)} ms`);
    console.log(`\n  scrolling ${GENERATIONS.toLocaleString('en')} generations: reached ${results.scroll.reached.toLocaleString('en')} in ${fmt(scrollSeconds)} s, ${pageTimes.length} page requests`);
    console.log('  page fetch                                  n    p50 ms    p95 ms    max ms');
    line('in the browser, first 10 pages', results.scroll.page_fetch_ms_in_browser.first_10);
    line('in the browser, last 10 pages', results.scroll.page_fetch_ms_in_browser.last_10);
    line('RPC from Node, first page', results.scroll.rpc_from_node_ms.first_page);
    line('RPC from Node, 9,000 rows deep', results.scroll.rpc_from_node_ms.page_9000_rows_deep);
    console.log(`  DOM while scrolling: at most ${maxArticles} cards and ${maxNodes.toLocaleString('en')} elements`);
    console.log(`\n  JSON: ${path.relative(REPO_ROOT, file)}`);
  } finally {
    await db.end();
    await browser.close();
    app.stop();
    await fakes.stop();
    if (!reuse) await stopStack(instance);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
