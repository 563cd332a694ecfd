import fs from 'node:fs';
import type { StackInstance } from './instance.ts';
import { commandLine, isAlive } from './proc.ts';

/**
 * Every process the stack starts (the supervisor, its children, Postgres through pg_ctl) carries
 * this variable, so `stop` can find anything left behind, whoever started it and whatever state
 * files were lost.
 */
export const MARKER = 'SWITCHBOARD_STACK_DIR';

export const markerEnv = (instance: StackInstance) => ({ [MARKER]: instance.dir });

/** Live processes that belong to this instance (never the calling process). */
export function instanceProcesses(instance: StackInstance): { pid: number; command: string }[] {
  const needle = `${MARKER}=${instance.dir}\0`;
  const found: { pid: number; command: string }[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      // The environment a process started with; Deno deleting the variable later does not change it.
      const environ = fs.readFileSync(`/proc/${entry}/environ`, 'latin1');
      if (`${environ}\0`.includes(needle)) {
        const command = commandLine(Number(entry));
        // Zombies have an empty command line and are already dead.
        if (command) found.push({ pid: Number(entry), command });
      }
    } catch {
      // Gone, or not ours to read.
    }
  }
  return found;
}

/**
 * True if `pid` is a live stack supervisor (bundled or run through tsx). Pids are recycled, so a
 * pid read from a file is checked before anything signals it.
 */
export function isSupervisorProcess(pid: number | undefined): pid is number {
  if (!isAlive(pid)) return false;
  const command = commandLine(pid);
  return command.includes('switchboard-stack/supervisor-') || command.includes('scripts/stack/supervisor/main.ts');
}
