import fs from 'node:fs';
import type { StackInstance } from './instance.ts';
import { instancePaths } from './paths.ts';

/**
 * starting: launched, not ready yet. waiting: held back on purpose (PostgREST waits for migrations).
 * ready: serving. crashed: exited unexpectedly; the supervisor restarts it after a backoff.
 * failed: could not be started at all (e.g. its module does not load). stopped: shut down on request.
 * orphaned (status only): still running, but the supervisor that owned it is gone; `start` or
 * `stop` cleans it up.
 */
export type PartStateName = 'starting' | 'waiting' | 'ready' | 'crashed' | 'failed' | 'stopped' | 'orphaned';

export interface ExitRecord {
  code: number | null;
  signal: string | null;
  at: string;
}

export interface PartState {
  state: PartStateName;
  pid?: number;
  /** When the part entered its current state (ISO time). */
  since: string;
  restarts: number;
  /** The most recent unexpected exit, kept after a restart so a crash is never hidden. */
  lastCrash?: ExitRecord;
  /** Why it is crashed/failed, and the last lines of its log. */
  error?: string;
  nextRestartAt?: string;
}

export type SupervisedPart = 'postgrest' | 'functions' | 'auth' | 'gateway';

export interface SupervisorState {
  instance: string;
  supervisorPid: number;
  startedAt: string;
  parts: Record<SupervisedPart, PartState>;
}

export function readState(instance: StackInstance): SupervisorState | undefined {
  try {
    return JSON.parse(fs.readFileSync(instancePaths(instance).state, 'utf8')) as SupervisorState;
  } catch {
    return undefined;
  }
}

/** Written atomically (rename) so a reader never sees half a file. */
export function writeState(instance: StackInstance, state: SupervisorState): void {
  const file = instancePaths(instance).state;
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`);
  fs.renameSync(tmp, file);
}
