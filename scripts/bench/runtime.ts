/**
 * `npm run bench:runtime`: the Runtime page of the real app (production build) in Debian's Chromium,
 * against the `bench` stack instance and the fake Ollama, for one user with one server-probed
 * Ollama connection (5 models).
 *
 * 1. Polling cost: requests the open page makes to the runtime function per minute, counted over a
 *    window (BENCH_WINDOW_S, default 30 s) while the tab is visible and the server answers; while the
 *    tab is hidden (the document reports visibilityState "hidden" and fires visibilitychange, as a
 *    browser does for a background tab); and while the server fails (backoff).
 * 2. Status latency, action to screen, on the browser's clock: click on "Load" -> the "Loading"
 *    badge, and -> the "Running" badge (the function loads, stores, lists again; the page refetches);
 *    and "Unload" -> "Idle". BENCH_RUNS (default 5) rounds, with the fake loading instantly, so the
 *    figures are the app's own overhead.
 *
 * Prints a table and writes JSON to bench-results/. Starts the `bench` instance fresh and stops it
 * at the end (STACK_REUSE=1 keeps a running one). Every loop is bounded.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { REPO_ROOT } from '../stack/instance.ts';
import { startStack, stopStack } from '../stack/lifecycle.ts';
import { startFakeServers } from '../testing/fake-servers.ts';
import { createBenchUser, createDiscoveredOllama, fmt, instance, launchChromium, serveApp, signedInPage, summary } from './browser-app.ts';

const RUNS = Math.max(1, Math.min(20, Number(process.env.BENCH_RUNS ?? 5)));
const WINDOW_S = Math.max(10, Math.min(120, Number(process.env.BENCH_WINDOW_S ?? 30)));
const PORT = 4176;
const MODEL = 'llama3.2:latest';

/** Requests to the runtime function during `seconds`, as a rate per minute. */
async function requestsPerMinute(page: Page, seconds: number): Promise<{ count: number; perMinute: number }> {
  let count = 0;
  const onRequest = (request: { url(): string }) => {
    if (request.url().includes('/functions/v1/runtime')) count++;
  };
  page.on('request', onRequest);
  await page.waitForTimeout(seconds * 1000);
  page.off('request', onRequest);
  return { count, perMinute: (count * 60) / seconds };
}

/** What a browser does when the tab goes to the background or comes back. */
async function setVisibility(page: Page, hidden: boolean): Promise<void> {
  await page.evaluate((isHidden) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (isHidden ? 'hidden' : 'visible') });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => isHidden });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
}

/** Click timestamp -> the frame after the row shows each wanted status, in order. */
async function measureAction(page: Page, button: string, statuses: string[]): Promise<number[]> {
  const row = page.getByRole('listitem', { name: MODEL });
  const handle = await row.elementHandle();
  await page.evaluate(
    ({ element, wanted }) => {
      const w = window as unknown as { __statusTimes: Promise<number[]> };
      w.__statusTimes = new Promise<number[]>((resolve) => {
        document.addEventListener(
          'click',
          (event) => {
            const started = event.timeStamp;
            const times: number[] = [];
            const check = () => {
              const shown = element!.querySelector('[data-status]')?.getAttribute('data-status');
              if (shown !== wanted[times.length]) return;
              const at = performance.now() - started;
              times.push(at);
              if (times.length === wanted.length) {
                observer.disconnect();
                requestAnimationFrame(() => resolve(times.map((t, i) => (i === times.length - 1 ? performance.now() - started : t))));
              }
            };
            const observer = new MutationObserver(check);
            observer.observe(element!, { subtree: true, childList: true, attributes: true, characterData: true });
          },
          { once: true, capture: true },
        );
      });
    },
    { element: handle, wanted: statuses },
  );
  await row.getByRole('button', { name: `${button} ${MODEL}` }).click();
  return page.evaluate(() => (window as unknown as { __statusTimes: Promise<number[]> }).__statusTimes);
}

async function main() {
  const reuse = process.env.STACK_REUSE === '1';
  console.log(`Benchmarking the Runtime page on ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim()}), Node ${process.version}; windows of ${WINDOW_S} s; ${RUNS} action round(s)`);
  const { timings } = await startStack(instance, { fresh: !reuse });
  console.log(`  bench stack ready (${fmt(timings.total, 2)} s)`);
  const fakes = await startFakeServers({ models: 5 });
  const app = await serveApp(PORT);
  const browser = await launchChromium();
  try {
    const { email, token } = await createBenchUser('runtime');
    await createDiscoveredOllama(token, fakes.ollama);

    const page = await signedInPage(browser, app.url, email);
    await page.goto(`${app.url}/runtime`);
    await page.getByRole('listitem', { name: MODEL }).locator('[data-status]').waitFor();

    process.stdout.write('  polling: visible');
    const visible = await requestsPerMinute(page, WINDOW_S);
    process.stdout.write(', hidden');
    await setVisibility(page, true);
    const hidden = await requestsPerMinute(page, WINDOW_S);
    await setVisibility(page, false);
    process.stdout.write(', server failing');
    await fakes.setMode('ollama', 'server_error');
    await page.waitForTimeout(1_000);
    const failing = await requestsPerMinute(page, WINDOW_S);
    await fakes.setMode('ollama', 'ok');
    await page.getByText('The server cannot be reached').waitFor({ state: 'detached', timeout: 90_000 });
    process.stdout.write('\n');

    const loading: number[] = [];
    const running: number[] = [];
    const idle: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const [toLoading, toRunning] = await measureAction(page, 'Load', ['loading', 'running']);
      loading.push(toLoading!);
      running.push(toRunning!);
      const [toIdle] = await measureAction(page, 'Unload', ['idle']);
      idle.push(toIdle!);
    }
    await page.close();

    const results = {
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model.trim(), load: os.loadavg() },
      window_s: WINDOW_S,
      polling_per_minute: { visible, hidden, server_failing: failing },
      latency_ms: { load_to_loading_badge: summary(loading), load_to_running_badge: summary(running), unload_to_idle_badge: summary(idle), raw: { loading, running, idle } },
    };
    fs.mkdirSync(path.join(REPO_ROOT, 'bench-results'), { recursive: true });
    const file = path.join(REPO_ROOT, 'bench-results', `runtime-${Date.now()}.json`);
    fs.writeFileSync(file, JSON.stringify(results, null, 2));

    console.log(`\nRuntime page, one Ollama connection with 5 models (load average ${os.loadavg().map((n) => n.toFixed(1)).join(' ')})`);
    console.log('  polling the runtime function          requests in window   per minute');
    const poll = (name: string, r: { count: number; perMinute: number }) => console.log(`  ${name.padEnd(38)} ${String(r.count).padStart(6)}   ${fmt(r.perMinute).padStart(16)}`);
    poll('tab visible, server answering', visible);
    poll('tab hidden', hidden);
    poll('tab visible, server failing (backoff)', failing);
    console.log('\n  action -> on screen                      n     p50 ms   p95 ms   max ms');
    const line = (name: string, s: ReturnType<typeof summary>) => console.log(`  ${name.padEnd(38)} ${String(s.n).padStart(4)}   ${fmt(s.p50).padStart(6)}   ${fmt(s.p95).padStart(6)}   ${fmt(s.max).padStart(6)}`);
    line('Load click -> "Loading" badge', results.latency_ms.load_to_loading_badge);
    line('Load click -> "Running" badge', results.latency_ms.load_to_running_badge);
    line('Unload click -> "Idle" badge', results.latency_ms.unload_to_idle_badge);
    console.log(`\n  JSON: ${path.relative(REPO_ROOT, file)}`);
  } finally {
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
