/**
 * `npm run bench:health`: health "check all" and model discovery through the real Edge Functions
 * on the `bench` stack instance, against the fake AI servers (serve-fakes.ts) on loopback.
 *
 * 1. Check all, for 10, 50 and 200 connections of one user: a mix of fast (60%), slow (20%,
 *    answering after 1.5 s) and hanging (20%) servers, each connection a per-request mode prefix
 *    on the same fakes. Wall time against the timeout (default 5 s; also 2 s), JSON and NDJSON
 *    (time to first and last result), and without hanging servers for comparison. The goal: the
 *    wall time follows the timeout, not the number of connections.
 * 2. Discovery of a 5,000-model list (OpenAI-compatible and Ollama shapes) through the function
 *    (first run adds, later runs update), with the functions host's memory; and the same in-process
 *    with the core alone (supabase/functions/_test/bench/discovery-core.ts, under Deno).
 *
 * Prints a table and writes JSON to bench-results/. Starts the `bench` instance fresh and stops it
 * at the end (STACK_REUSE=1 keeps a running one). Every loop is bounded. BENCH_RUNS (default 3).
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { REPO_ROOT, resolveInstance } from '../stack/instance.ts';
import { startStack, stopStack } from '../stack/lifecycle.ts';
import { getStatus } from '../stack/status.ts';
import { startFakeServers, type FakeServers } from '../testing/fake-servers.ts';

const exec = promisify(execFile);
const RUNS = Math.max(1, Math.min(10, Number(process.env.BENCH_RUNS ?? 3)));
const SIZES = [10, 50, 200];
const SLOW_MS = 1_500;
const MODELS = 5_000;
const instance = resolveInstance('bench');
const DENO = path.join(REPO_ROOT, 'node_modules', '.bin', 'deno');
const functionsUrl = `${instance.apiUrl}/functions/v1`;

const fmt = (n: number | undefined, digits = 2) => (n !== undefined && Number.isFinite(n) ? n.toFixed(digits) : '-');
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// --- A user ----------------------------------------------------------------------------------------
async function createUser(): Promise<{ id: string; token: string }> {
  const email = `bench-health-${randomUUID()}@example.com`;
  const password = 'bench-Pass-1';
  const admin = await fetch(`${instance.apiUrl}/auth/v1/admin/users`, {
    method: 'POST',
    headers: { apikey: instance.serviceRoleKey, Authorization: `Bearer ${instance.serviceRoleKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, email_confirm: true }),
  });
  if (!admin.ok) throw new Error(`creating the bench user failed: ${admin.status} ${await admin.text()}`);
  const { id } = (await admin.json()) as { id: string };
  const signIn = await fetch(`${instance.apiUrl}/auth/v1/token?grant_type=password`, {
    method: 'POST',
    headers: { apikey: instance.anonKey, 'content-type': 'application/json', 'X-Forwarded-For': '198.18.7.7' },
    body: JSON.stringify({ email, password }),
  });
  if (!signIn.ok) throw new Error(`signing in failed: ${signIn.status} ${await signIn.text()}`);
  return { id, token: ((await signIn.json()) as { access_token: string }).access_token };
}

// --- Calling the functions (429s are waited out, at most 3 times) ------------------------------------
async function invoke(token: string, name: string, body: unknown, accept = 'application/json'): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(`${functionsUrl}/${name}`, {
      method: 'POST',
      headers: { apikey: instance.anonKey, Authorization: `Bearer ${token}`, 'content-type': 'application/json', Accept: accept },
      body: JSON.stringify(body),
    });
    if (response.status !== 429 || attempt >= 3) return response;
    const wait = Number(response.headers.get('retry-after') ?? 5);
    await response.body?.cancel();
    process.stdout.write(`  (rate limited, waiting ${wait} s)\n`);
    await sleep(wait * 1000 + 100);
  }
}

type Mix = 'mixed' | 'no-hang';

/** Replaces the user's connections with `count` Ollama connections at the fakes. */
async function setConnections(db: pg.Client, userId: string, fakes: FakeServers, count: number, mix: Mix): Promise<Record<string, number>> {
  await db.query('delete from public.connections where owner_id = $1', [userId]);
  const kinds: Record<string, number> = { fast: 0, slow: 0, hang: 0 };
  const values: string[] = [];
  const params: unknown[] = [userId];
  for (let i = 0; i < count; i++) {
    const slot = i % 5;
    const kind = slot === 3 ? 'slow' : slot === 4 && mix === 'mixed' ? 'hang' : 'fast';
    kinds[kind]++;
    const prefix = kind === 'slow' ? `/__fake/mode=slow,delay=${SLOW_MS}` : kind === 'hang' ? '/__fake/mode=hang' : '';
    params.push(`Bench ${String(i).padStart(3, '0')}`, `${fakes.ollama}${prefix}`);
    values.push(`($1, 'ollama', $${params.length - 1}, $${params.length})`);
  }
  await db.query(`insert into public.connections (owner_id, kind, name, base_url) values ${values.join(', ')}`, params);
  return kinds;
}

interface CheckAllRun {
  connections: number;
  mix: Mix;
  mode: 'json' | 'ndjson';
  timeout_ms: number;
  wall_ms: number;
  first_result_ms?: number;
  last_result_ms?: number;
  statuses: Record<string, number>;
}

async function checkAll(token: string, connections: number, mix: Mix, mode: 'json' | 'ndjson', timeoutMs: number): Promise<CheckAllRun> {
  const started = performance.now();
  const response = await invoke(token, 'health', { timeout_ms: timeoutMs }, mode === 'ndjson' ? 'application/x-ndjson' : 'application/json');
  if (!response.ok) throw new Error(`health answered ${response.status}: ${await response.text()}`);
  const statuses: Record<string, number> = {};
  let first: number | undefined;
  let last: number | undefined;
  if (mode === 'json') {
    const body = (await response.json()) as { results: Array<{ status: string }> };
    for (const r of body.results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  } else {
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let newline;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = JSON.parse(buffer.slice(0, newline)) as { type: string; result?: { status: string } };
        buffer = buffer.slice(newline + 1);
        if (line.type !== 'result') continue;
        const at = performance.now() - started;
        first ??= at;
        last = at;
        statuses[line.result!.status] = (statuses[line.result!.status] ?? 0) + 1;
      }
    }
  }
  return { connections, mix, mode, timeout_ms: timeoutMs, wall_ms: performance.now() - started, first_result_ms: first, last_result_ms: last, statuses };
}

// --- Memory of the functions host -------------------------------------------------------------------
function processMemory(pid: number | undefined): { rss_mb: number; peak_rss_mb: number } | undefined {
  if (!pid) return undefined;
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
    return { rss_mb: kb('VmRSS') / 1024, peak_rss_mb: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

async function functionsPid(): Promise<number | undefined> {
  const status = await getStatus(instance);
  return (status.parts as Record<string, { pid?: number }>).functions?.pid;
}

interface DiscoveryRun {
  shape: string;
  run: number;
  wall_ms: number;
  added: number;
  updated: number;
  host_rss_mb?: number;
  host_peak_rss_mb?: number;
}

async function discoveryThroughFunction(db: pg.Client, user: { id: string; token: string }, fakes: FakeServers): Promise<DiscoveryRun[]> {
  await db.query('delete from public.connections where owner_id = $1', [user.id]);
  const runs: DiscoveryRun[] = [];
  const pid = await functionsPid();
  for (const [shape, kind, base] of [
    ['openai', 'vllm', `${fakes.openai}/__fake/models=${MODELS}`],
    ['ollama', 'ollama', `${fakes.ollama}/__fake/models=${MODELS}`],
  ] as const) {
    const { rows } = await db.query<{ id: string }>(
      `insert into public.connections (owner_id, kind, name, base_url) values ($1, $2, $3, $4) returning id`,
      [user.id, kind, `Big ${shape}`, base],
    );
    for (let run = 1; run <= RUNS; run++) {
      const started = performance.now();
      const response = await invoke(user.token, 'discovery', { connection_id: rows[0].id, timeout_ms: 30_000 });
      const wall = performance.now() - started;
      const body = (await response.json()) as { added: number; updated: number; error?: { message: string } };
      if (!response.ok) throw new Error(`discovery answered ${response.status}: ${body.error?.message}`);
      const memory = processMemory(pid);
      runs.push({ shape, run, wall_ms: wall, added: body.added, updated: body.updated, host_rss_mb: memory?.rss_mb, host_peak_rss_mb: memory?.peak_rss_mb });
      process.stdout.write(`  discovery ${shape} run ${run}: ${fmt(wall, 0)} ms (added ${body.added}, updated ${body.updated})\n`);
    }
  }
  return runs;
}

async function discoveryCore(fakes: FakeServers) {
  const results = [];
  for (const [adapter, base] of [['openai', `${fakes.openai}/__fake/models=${MODELS}`], ['ollama', `${fakes.ollama}/__fake/models=${MODELS}`]] as const) {
    const { stdout } = await exec(
      DENO,
      ['run', '--config', 'supabase/functions/deno.json', '--allow-net=127.0.0.1', '--allow-sys', '--v8-flags=--expose-gc', 'supabase/functions/_test/bench/discovery-core.ts', base, adapter, String(Math.max(3, RUNS))],
      { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024 },
    );
    results.push(JSON.parse(stdout.trim().split('\n').at(-1)!) as { adapter: string; rss: number; runs: Array<{ ms: number; models: number; bytes_retained: number; heap_peak_delta: number }> });
  }
  return results;
}

// --- Main -------------------------------------------------------------------------------------------
async function main() {
  const reuse = process.env.STACK_REUSE === '1';
  console.log(`Benchmarking health and discovery on ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim()}), Node ${process.version}; ${RUNS} run(s) each; instance "bench"`);
  const { timings } = await startStack(instance, { fresh: !reuse });
  console.log(`  bench stack ready (${fmt(timings.total)} s)`);
  const fakes = await startFakeServers({ noAuth: true });
  const db = new pg.Client({ connectionString: instance.dbUrl });
  await db.connect();
  const checkRuns: CheckAllRun[] = [];
  let discovery: DiscoveryRun[] = [];
  let core: Awaited<ReturnType<typeof discoveryCore>> = [];
  try {
    const user = await createUser();
    // Warm-up: load the function and its imports once, off the clock.
    await setConnections(db, user.id, fakes, 2, 'no-hang');
    await (await invoke(user.token, 'health', {})).text();

    for (const size of SIZES) {
      const kinds = await setConnections(db, user.id, fakes, size, 'mixed');
      process.stdout.write(`  ${size} connections (${kinds.fast} fast, ${kinds.slow} slow, ${kinds.hang} hanging):`);
      for (let run = 0; run < RUNS; run++) {
        const result = await checkAll(user.token, size, 'mixed', 'json', 5_000);
        checkRuns.push(result);
        process.stdout.write(` ${fmt(result.wall_ms / 1000)} s`);
      }
      checkRuns.push(await checkAll(user.token, size, 'mixed', 'ndjson', 5_000));
      checkRuns.push(await checkAll(user.token, size, 'mixed', 'json', 2_000));
      await setConnections(db, user.id, fakes, size, 'no-hang');
      checkRuns.push(await checkAll(user.token, size, 'no-hang', 'json', 5_000));
      process.stdout.write('\n');
    }
    discovery = await discoveryThroughFunction(db, user, fakes);
    core = await discoveryCore(fakes);
  } finally {
    await db.end();
    await fakes.stop();
    if (!reuse) await stopStack(instance);
  }

  // --- Report ---------------------------------------------------------------------------------------
  console.log('\nCheck all (one user; 60% fast, 20% slow 1.5 s, 20% hanging)');
  console.log('  connections  mix      mode    timeout   wall s (median)  first s   last s   healthy/degraded/unhealthy/unknown');
  const groups = new Map<string, CheckAllRun[]>();
  for (const run of checkRuns) {
    const key = `${run.connections}|${run.mix}|${run.mode}|${run.timeout_ms}`;
    groups.set(key, [...(groups.get(key) ?? []), run]);
  }
  const checkSummary = [...groups.values()].map((runs) => {
    const r = runs[0];
    const s = r.statuses;
    const row = {
      connections: r.connections,
      mix: r.mix,
      mode: r.mode,
      timeout_s: r.timeout_ms / 1000,
      wall_s_median: median(runs.map((x) => x.wall_ms)) / 1000,
      wall_s_max: Math.max(...runs.map((x) => x.wall_ms)) / 1000,
      over_timeout_s: median(runs.map((x) => x.wall_ms)) / 1000 - r.timeout_ms / 1000,
      first_result_s: r.first_result_ms === undefined ? undefined : r.first_result_ms / 1000,
      last_result_s: r.last_result_ms === undefined ? undefined : r.last_result_ms / 1000,
      runs: runs.length,
      statuses: s,
    };
    console.log(
      `  ${String(row.connections).padStart(11)}  ${row.mix.padEnd(8)} ${row.mode.padEnd(7)} ${`${row.timeout_s} s`.padStart(7)}   ${fmt(row.wall_s_median).padStart(14)}  ${fmt(row.first_result_s).padStart(7)}  ${fmt(row.last_result_s).padStart(7)}   ${s.healthy ?? 0}/${s.degraded ?? 0}/${s.unhealthy ?? 0}/${s.unknown ?? 0}`,
    );
    return row;
  });

  console.log(`\nDiscovery of a ${MODELS.toLocaleString('en')}-model list through the function (fetch, parse, sync_connection_models, health row)`);
  console.log('  shape    run   wall ms   added  updated   host RSS MB (peak)');
  for (const d of discovery) {
    console.log(`  ${d.shape.padEnd(7)} ${String(d.run).padStart(4)} ${fmt(d.wall_ms, 0).padStart(9)} ${String(d.added).padStart(7)} ${String(d.updated).padStart(8)}   ${fmt(d.host_rss_mb, 0)} (${fmt(d.host_peak_rss_mb, 0)})`);
  }
  console.log(`\nDiscovery core in-process under Deno (discoverModels + mapping to rows, no database)`);
  console.log('  shape    median ms   min ms   heap held MB (max)   heap peak delta MB   process RSS MB');
  const coreSummary = core.map((c) => {
    const row = {
      shape: c.adapter,
      median_ms: median(c.runs.map((r) => r.ms)),
      min_ms: Math.min(...c.runs.map((r) => r.ms)),
      models: c.runs[0]?.models,
      retained_mb: Math.max(...c.runs.map((r) => r.bytes_retained)) / 1024 / 1024,
      peak_delta_mb: Math.max(...c.runs.map((r) => r.heap_peak_delta)) / 1024 / 1024,
      rss_mb: c.rss / 1024 / 1024,
    };
    console.log(`  ${row.shape.padEnd(7)} ${fmt(row.median_ms, 1).padStart(10)} ${fmt(row.min_ms, 1).padStart(8)} ${fmt(row.retained_mb).padStart(18)} ${fmt(row.peak_delta_mb).padStart(20)} ${fmt(row.rss_mb, 0).padStart(16)}`);
    return row;
  });

  const machine = { cpus: os.cpus().length, cpu: os.cpus()[0]?.model.trim(), node: process.version, platform: `${os.platform()} ${os.release()}` };
  const outDir = path.join(REPO_ROOT, 'bench-results');
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `health-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(
    file,
    `${JSON.stringify({ machine, runs: RUNS, slow_ms: SLOW_MS, models: MODELS, check_all: checkSummary, check_all_runs: checkRuns, discovery_function: discovery, discovery_core: coreSummary }, null, 2)}\n`,
  );
  console.log(`\nWrote ${path.relative(REPO_ROOT, file)}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
