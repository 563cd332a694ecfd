import path from 'node:path';
import type { StackInstance } from './instance.ts';

/** The parts of a running stack, in start order. Postgres is run by pg_ctl; the rest by the supervisor. */
export const PARTS = ['postgres', 'postgrest', 'functions', 'auth', 'gateway'] as const;
export type PartName = (typeof PARTS)[number];

/** Logs exist for every part plus the supervisor that owns the non-Postgres parts. */
export const LOGS = [...PARTS, 'supervisor'] as const;
export type LogName = (typeof LOGS)[number];

export function instancePaths(instance: StackInstance) {
  return {
    /** Written by the supervisor on every change of a part's state; read by `status`. */
    state: path.join(instance.dir, 'state.json'),
    supervisorPid: path.join(instance.dir, 'supervisor.pid'),
    /** Serialises start/stop/reset of one instance between concurrent commands. */
    lock: path.join(instance.dir, 'lifecycle.lock'),
    /** Present once bootstrap, migrations and seed all succeeded; a cold start without it is redone. */
    initialized: path.join(instance.dir, 'initialized'),
    postmasterPid: path.join(instance.dataDir, 'postmaster.pid'),
    log: (name: LogName) => path.join(instance.logDir, `${name}.log`),
  };
}
