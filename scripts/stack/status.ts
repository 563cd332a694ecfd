import fs from 'node:fs';
import { resolveInstance, type StackInstance } from './instance.ts';
import { instancePaths } from './paths.ts';
import { postgresBinaries, postgresPid } from './postgres.ts';
import type { PostgresSource } from './postgres-binaries.ts';
import { isAlive } from './proc.ts';
import { isSupervisorProcess } from './processes.ts';
import { readState, type PartState, type SupervisedPart } from './state.ts';
import { functionsReport } from './supervisor/functions.ts';

export interface PartStatus extends Omit<PartState, 'since'> {
  since?: string;
  /** Where it listens, when it listens somewhere a developer may want to reach. */
  address?: string;
}

/** What `status --json` prints. Snake case, like `supabase status -o json`. */
export interface StackStatus {
  instance: string;
  /** running: every part ready. degraded: some part is not. stopped: nothing runs. */
  state: 'running' | 'degraded' | 'stopped';
  api_url: string;
  rest_url: string;
  auth_url: string;
  functions_url: string;
  db_url: string;
  anon_key: string;
  service_role_key: string;
  jwt_secret: string;
  supervisor: { pid?: number; alive: boolean; started_at?: string; note?: string };
  parts: Record<'postgres' | SupervisedPart, PartStatus>;
  /** Which PostgreSQL 15 the instance runs (or would run): system, npm's (embedded) or STACK_PG_BIN. */
  postgres_binaries: { source: PostgresSource; bin_dir: string; description: string } | { error: string };
  /** Each function's load state as the functions host reports it. */
  functions: Record<string, string>;
  data_dir: string;
  logs_dir: string;
}

const SUPERVISED: SupervisedPart[] = ['postgrest', 'functions', 'auth', 'gateway'];

export async function getStatus(instanceOrName: StackInstance | string = resolveInstance()): Promise<StackStatus> {
  const instance = typeof instanceOrName === 'string' ? resolveInstance(instanceOrName) : instanceOrName;
  const state = readState(instance);
  const supervisorPid = state?.supervisorPid;
  const alive = isSupervisorProcess(supervisorPid) && fs.existsSync(instancePaths(instance).supervisorPid);
  const pgPid = postgresPid(instance);

  const parts = {
    postgres: pgPid
      ? { state: 'ready', pid: pgPid, restarts: 0, address: `127.0.0.1:${instance.dbPort}` }
      : { state: 'stopped', restarts: 0 },
  } as StackStatus['parts'];
  let note: string | undefined;
  for (const name of SUPERVISED) {
    const recorded = state?.parts[name];
    if (!recorded) {
      parts[name] = { state: 'stopped', restarts: 0 };
    } else if (alive) {
      parts[name] = { ...recorded };
    } else {
      // The supervisor is gone. Its children may linger (they hold the ports), but nothing routes
      // to them and nothing restarts them.
      const lingering = name !== 'gateway' && name !== 'auth' && isAlive(recorded.pid);
      parts[name] = { ...recorded, state: lingering ? 'orphaned' : 'stopped', pid: lingering ? recorded.pid : undefined };
      if (recorded.state !== 'stopped') note = 'the supervisor exited without stopping its parts (killed or crashed); see `logs supervisor`. `start` or `stop` cleans up.';
    }
  }
  if (parts.gateway.state !== 'stopped') parts.gateway.address = `127.0.0.1:${instance.apiPort}`;
  // Internal ports: reached through the gateway, listed for debugging.
  if (parts.postgrest.state !== 'stopped') parts.postgrest.address = `127.0.0.1:${instance.postgrestPort} (internal)`;
  if (parts.functions.state !== 'stopped') parts.functions.address = `127.0.0.1:${instance.functionsPort} (internal)`;

  let binaries: StackStatus['postgres_binaries'];
  try {
    const found = postgresBinaries(instance);
    binaries = { source: found.source, bin_dir: found.binDir, description: found.description };
  } catch (error) {
    binaries = { error: (error as Error).message };
  }

  const all = Object.values(parts);
  const status = all.every((p) => p.state === 'ready') ? 'running' : all.every((p) => p.state === 'stopped') ? 'stopped' : 'degraded';
  return {
    instance: instance.name,
    state: status,
    api_url: instance.apiUrl,
    rest_url: `${instance.apiUrl}/rest/v1`,
    auth_url: `${instance.apiUrl}/auth/v1`,
    functions_url: `${instance.apiUrl}/functions/v1`,
    db_url: instance.dbUrl,
    anon_key: instance.anonKey,
    service_role_key: instance.serviceRoleKey,
    jwt_secret: instance.jwtSecret,
    supervisor: { pid: alive ? supervisorPid : undefined, alive, started_at: alive ? state?.startedAt : undefined, note },
    parts,
    postgres_binaries: binaries,
    functions: parts.functions.state === 'ready' ? await functionsReport(instance) : {},
    data_dir: instance.dataDir,
    logs_dir: instance.logDir,
  };
}

const clock = (iso: string) => new Date(iso).toLocaleTimeString();

function describePart(name: string, part: PartStatus, status: StackStatus): string {
  const notes: string[] = [];
  if (part.address) notes.push(part.address);
  if (name === 'postgres') notes.push('description' in status.postgres_binaries ? status.postgres_binaries.description : status.postgres_binaries.error);
  if (name === 'auth' && part.state === 'ready') notes.push('in the supervisor, behind /auth/v1');
  if (name === 'functions' && Object.keys(status.functions).length) {
    notes.push(Object.entries(status.functions).map(([fn, s]) => (s === 'ready' ? fn : `${fn} (${s})`)).join(', '));
  }
  if (part.state === 'crashed' && part.nextRestartAt) notes.push(`restarting at ${clock(part.nextRestartAt)}`);
  if ((part.state === 'failed' || part.state === 'crashed' || part.state === 'starting') && part.error) notes.push(part.error.split('\n')[0]!);
  if (part.lastCrash) {
    const how = part.lastCrash.signal ? `killed by ${part.lastCrash.signal}` : `exit code ${part.lastCrash.code}`;
    notes.push(`CRASHED ${part.restarts ? `(restarted ${part.restarts}x) ` : ''}last: ${how} at ${clock(part.lastCrash.at)}`);
  }
  return `  ${name.padEnd(10)} ${part.state.padEnd(8)} ${String(part.pid ?? '-').padEnd(8)} ${notes.join('; ')}`;
}

export function formatStatus(status: StackStatus): string {
  const lines = [`Stack "${status.instance}": ${status.state}${status.supervisor.alive ? ` (supervisor pid ${status.supervisor.pid})` : ''}`];
  if (status.supervisor.note) lines.push(`  Note: ${status.supervisor.note}`);
  lines.push(`  ${'PART'.padEnd(10)} ${'STATE'.padEnd(8)} ${'PID'.padEnd(8)} DETAIL`);
  for (const [name, part] of Object.entries(status.parts)) lines.push(describePart(name, part, status));
  lines.push(
    '',
    `         API URL: ${status.api_url}`,
    `        REST URL: ${status.rest_url}`,
    `        Auth URL: ${status.auth_url}`,
    `   Functions URL: ${status.functions_url}`,
    `          DB URL: ${status.db_url}`,
    `      JWT secret: ${status.jwt_secret}`,
    `        anon key: ${status.anon_key}`,
    `service_role key: ${status.service_role_key}`,
    `            Data: ${status.data_dir}`,
    `            Logs: ${status.logs_dir}  (npm run stack -- logs [part] [-f])`,
  );
  return lines.join('\n');
}
