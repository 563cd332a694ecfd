/**
 * `npm run bench:stack`: how fast the local stack starts and stops, and what the gateway costs.
 *
 * 1. Lifecycle, on the `bench` instance, through the real CLI (`tsx scripts/stack/cli.ts`): one
 *    first-ever cold start (the machine's cached initdb template removed too), then RUNS times
 *    each: cold start (no data directory), warm start (data kept), stop. Reports the wall clock of
 *    the command (what a developer waits for, Node and tsx start-up included) and the time the
 *    command itself reports (the work, without process start-up).
 * 2. Requests: an authenticated 20-row select from an RLS-protected table, through the gateway
 *    and straight to PostgREST in the same run, sequentially and with 8 concurrent clients.
 *
 * Prints a table and writes JSON to bench-results/. Loopback only; every loop is bounded by a
 * request count and a time limit. Stops the instance at the end.
 *   BENCH_RUNS (default 5), BENCH_SECONDS per request loop (default 4).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { REPO_ROOT, resolveInstance } from '../stack/instance.ts';
import { stopStack } from '../stack/lifecycle.ts';
import { instancePaths } from '../stack/paths.ts';
import { templateDir } from '../stack/postgres.ts';
import { findSystemPostgres, type PostgresSource, resolvePostgresBinaries } from '../stack/postgres-binaries.ts';

const exec = promisify(execFile);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const MAX_REQUESTS = 50_000;
const instance = resolveInstance('bench');
const TSX = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');

// --- Statistics ----------------------------------------------------------------------------------
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
function summary(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return { min: sorted[0] ?? NaN, median: quantile(sorted, 0.5), max: sorted[sorted.length - 1] ?? NaN, runs: values };
}
const fmt = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : '-');

// --- Lifecycle -------------------------------------------------------------------------------------
async function timedCli(command: string, source: PostgresSource): Promise<{ wall: number; reported?: number }> {
  const t0 = performance.now();
  const env = { ...process.env, STACK_PG: source };
  const { stdout } = await exec(TSX, ['scripts/stack/cli.ts', command, '--instance', instance.name], { cwd: REPO_ROOT, env });
  const wall = (performance.now() - t0) / 1000;
  const reported = /(?:Ready|Stopped) in ([\d.]+) s/.exec(stdout)?.[1];
  return { wall, reported: reported ? Number(reported) : undefined };
}

function wipe(): void {
  fs.rmSync(instance.dataDir, { recursive: true, force: true });
  fs.rmSync(instancePaths(instance).initialized, { force: true });
}

/** Cold, warm and stop with one PostgreSQL source (system or npm's binaries). */
async function lifecycle(source: PostgresSource) {
  await stopStack(instance);
  // The very first cold start on a machine also runs initdb (later ones copy its cached result).
  fs.rmSync(templateDir(resolvePostgresBinaries({ STACK_PG: source })), { recursive: true, force: true });
  wipe();
  const first = await timedCli('start', source);
  await timedCli('stop', source);
  process.stdout.write(`  first cold start (initdb, no cached template): ${fmt(first.wall)} s\n`);
  const cold: { wall: number; reported?: number }[] = [];
  const warm: { wall: number; reported?: number }[] = [];
  const stop: { wall: number; reported?: number }[] = [];
  for (let i = 0; i < RUNS; i++) {
    wipe();
    cold.push(await timedCli('start', source));
    stop.push(await timedCli('stop', source));
    process.stdout.write(`  cold run ${i + 1}/${RUNS}: ${fmt(cold.at(-1)!.wall)} s\n`);
  }
  for (let i = 0; i < RUNS; i++) {
    warm.push(await timedCli('start', source));
    stop.push(await timedCli('stop', source));
    process.stdout.write(`  warm run ${i + 1}/${RUNS}: ${fmt(warm.at(-1)!.wall)} s\n`);
  }
  const both = (runs: { wall: number; reported?: number }[]) => ({
    wall: summary(runs.map((r) => r.wall)),
    reported: summary(runs.map((r) => r.reported ?? NaN)),
  });
  return { first_cold: both([first]), cold: both(cold), warm: both(warm), stop: both(stop) };
}

// --- Requests --------------------------------------------------------------------------------------
const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

function get(url: URL, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

interface LoopResult {
  requests: number;
  errors: number;
  seconds: number;
  rps: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
}

async function loop(url: URL, headers: Record<string, string>, concurrency: number): Promise<LoopResult> {
  const latencies: number[] = [];
  let errors = 0;
  let issued = 0;
  const started = performance.now();
  const deadline = started + SECONDS * 1000;
  async function worker() {
    while (issued < MAX_REQUESTS && performance.now() < deadline) {
      issued++;
      const t0 = performance.now();
      const { status } = await get(url, headers);
      latencies.push(performance.now() - t0);
      if (status !== 200) errors++;
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  const sorted = latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    seconds,
    rps: latencies.length / seconds,
    p50_ms: quantile(sorted, 0.5),
    p95_ms: quantile(sorted, 0.95),
    p99_ms: quantile(sorted, 0.99),
  };
}

async function json(url: string, init: RequestInit) {
  const response = await fetch(url, init);
  const body = await response.json();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${response.status} ${JSON.stringify(body)}`);
  return body;
}

async function requests() {
  await exec(TSX, ['scripts/stack/cli.ts', 'start', '--instance', instance.name], { cwd: REPO_ROOT });
  const email = `bench-${Date.now()}@example.com`;
  const password = 'bench-password-1';
  const user = await json(`${instance.apiUrl}/auth/v1/admin/users`, {
    method: 'POST',
    headers: { apikey: instance.serviceRoleKey, 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, email_confirm: true }),
  });
  const session = await json(`${instance.apiUrl}/auth/v1/token?grant_type=password`, {
    method: 'POST',
    headers: { apikey: instance.anonKey, 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });

  const db = new pg.Client({ connectionString: instance.dbUrl });
  await db.connect();
  try {
    await db.query(`
      drop table if exists public.bench_items;
      create table public.bench_items (
        id bigint generated always as identity primary key,
        owner_id uuid not null references auth.users (id) on delete cascade,
        label text not null,
        created_at timestamptz not null default now()
      );
      create index on public.bench_items (owner_id);
      alter table public.bench_items enable row level security;
      create policy "Owners can read their bench items" on public.bench_items for select to authenticated using ((select auth.uid()) = owner_id);
      notify pgrst, 'reload schema';
    `);
    // 40 rows of the user's among 1,000 of someone else's, so RLS has something to filter.
    const other = await json(`${instance.apiUrl}/auth/v1/admin/users`, {
      method: 'POST',
      headers: { apikey: instance.serviceRoleKey, 'content-type': 'application/json' },
      body: JSON.stringify({ email: `bench-other-${Date.now()}@example.com`, password, email_confirm: true }),
    });
    await db.query(`insert into public.bench_items (owner_id, label) select $1, 'item ' || g from generate_series(1, 40) g`, [user.id]);
    await db.query(`insert into public.bench_items (owner_id, label) select $1, 'other ' || g from generate_series(1, 1000) g`, [other.id]);
    await db.query('analyze public.bench_items');
  } finally {
    await db.end();
  }

  const query = 'bench_items?select=id,label,created_at&order=id&limit=20';
  const viaGateway = new URL(`${instance.apiUrl}/rest/v1/${query}`);
  const direct = new URL(`http://127.0.0.1:${instance.postgrestPort}/${query}`);
  const gatewayHeaders = { apikey: instance.anonKey, authorization: `Bearer ${session.access_token}` };
  const directHeaders = { authorization: `Bearer ${session.access_token}` };

  // The schema cache reloads asynchronously; wait until the table is served, and check the answer.
  for (let i = 0; ; i++) {
    const probe = await get(viaGateway, gatewayHeaders);
    if (probe.status === 200) {
      const rows = JSON.parse(probe.body) as unknown[];
      if (rows.length !== 20) throw new Error(`expected 20 rows, got ${rows.length}`);
      break;
    }
    if (i > 200) throw new Error(`bench_items never became visible: ${probe.status} ${probe.body}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const directProbe = JSON.parse((await get(direct, directHeaders)).body) as unknown[];
  if (directProbe.length !== 20) throw new Error(`direct PostgREST returned ${directProbe.length} rows`);

  // Warm both paths (connections, prepared statements, JIT), then alternate them.
  await loop(viaGateway, gatewayHeaders, 8);
  await loop(direct, directHeaders, 8);
  const results = {
    sequential: { postgrest: await loop(direct, directHeaders, 1), gateway: await loop(viaGateway, gatewayHeaders, 1) },
    concurrency8: { postgrest: await loop(direct, directHeaders, 8), gateway: await loop(viaGateway, gatewayHeaders, 8) },
  };
  agent.destroy();
  return results;
}

// --- Main ----------------------------------------------------------------------------------------------
async function main() {
  console.log(`Benchmarking the local stack on ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim()}), Node ${process.version}`);
  // Both PostgreSQL sources in the same run, so their figures compare on the same machine state.
  const sources: PostgresSource[] = [...(findSystemPostgres() ? (['system'] as const) : []), 'embedded'];
  const life: Partial<Record<PostgresSource, Awaited<ReturnType<typeof lifecycle>>>> = {};
  for (const source of sources) {
    console.log(`Lifecycle with ${resolvePostgresBinaries({ STACK_PG: source }).description}: ${RUNS} cold starts, ${RUNS} warm starts, ${RUNS * 2} stops (instance "bench")`);
    life[source] = await lifecycle(source);
  }
  if (!findSystemPostgres()) console.log('(no system PostgreSQL 15 here: only npm\'s binaries were measured)');
  console.log(`Requests: authenticated 20-row select with RLS, ${SECONDS} s per loop`);
  const req = await requests();
  await stopStack(instance);

  for (const [source, runs] of Object.entries(life)) {
    console.log(`\nLifecycle, ${source} PostgreSQL (seconds)  min   median     max    (work only, without Node/tsx start-up: median)`);
    const rows = [
      ['first cold start (+initdb)', runs.first_cold],
      ['cold start (no data dir)', runs.cold],
      ['warm start', runs.warm],
      ['stop', runs.stop],
    ] as const;
    for (const [name, data] of rows) {
      console.log(
        `  ${name.padEnd(34)} ${fmt(data.wall.min).padStart(6)} ${fmt(data.wall.median).padStart(8)} ${fmt(data.wall.max).padStart(7)}    ${fmt(data.reported.median)}`,
      );
    }
  }
  console.log('\nRequests                          req/s    p50 ms   p95 ms   p99 ms   errors');
  for (const [mode, pair] of Object.entries(req)) {
    for (const [target, r] of Object.entries(pair)) {
      console.log(
        `  ${`${mode} ${target}`.padEnd(30)} ${fmt(r.rps, 0).padStart(7)} ${fmt(r.p50_ms).padStart(9)} ${fmt(r.p95_ms).padStart(8)} ${fmt(r.p99_ms).padStart(8)} ${String(r.errors).padStart(8)}`,
      );
    }
  }
  const overhead = (mode: 'sequential' | 'concurrency8') => ({
    p50_ms: req[mode].gateway.p50_ms - req[mode].postgrest.p50_ms,
    p95_ms: req[mode].gateway.p95_ms - req[mode].postgrest.p95_ms,
    throughput_ratio: req[mode].gateway.rps / req[mode].postgrest.rps,
  });
  const gatewayOverhead = { sequential: overhead('sequential'), concurrency8: overhead('concurrency8') };
  console.log('\nGateway overhead vs PostgREST directly');
  for (const [mode, o] of Object.entries(gatewayOverhead)) {
    console.log(`  ${mode.padEnd(13)} +${fmt(o.p50_ms)} ms p50, +${fmt(o.p95_ms)} ms p95, ${fmt(o.throughput_ratio * 100, 0)}% of direct throughput`);
  }

  const outDir = path.join(REPO_ROOT, 'bench-results');
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `stack-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  const machine = { cpus: os.cpus().length, cpu: os.cpus()[0]?.model.trim(), node: process.version, loadavg: os.loadavg() };
  fs.writeFileSync(file, `${JSON.stringify({ machine, runs: RUNS, seconds_per_loop: SECONDS, lifecycle: life, requests: req, gateway_overhead: gatewayOverhead }, null, 2)}\n`);
  console.log(`\nWrote ${path.relative(REPO_ROOT, file)}`);
}

main().catch(async (error: unknown) => {
  console.error(error);
  await stopStack(instance).catch(() => undefined);
  process.exit(1);
});
