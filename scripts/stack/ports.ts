import fs from 'node:fs';
import net from 'node:net';
import { StackError } from './errors.ts';
import { commandLine } from './proc.ts';

/** True if nothing listens on 127.0.0.1:port (binding is the only check that cannot be wrong). */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * Which process listens on a TCP port, read from /proc (no `ss`/`lsof` needed): the socket inode
 * from /proc/net/tcp{,6}, then the process whose fd table holds that inode.
 */
export function findListener(port: number): { pid?: number; command?: string } | undefined {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = fs.readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      const local = cols[1];
      // State 0A is LISTEN.
      if (!local || cols[3] !== '0A') continue;
      if (parseInt(local.split(':').pop() ?? '', 16) === port && cols[9]) inodes.add(cols[9]);
    }
  }
  if (inodes.size === 0) return undefined;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const target = fs.readlinkSync(`/proc/${entry}/fd/${fd}`);
        const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
        if (inode && inodes.has(inode)) return { pid: Number(entry), command: commandLine(Number(entry)) };
      } catch {
        // The process or fd went away while we looked.
      }
    }
  }
  // Listening, but in another user's or container's process we cannot inspect.
  return {};
}

export function describeListener(port: number): string {
  const holder = findListener(port);
  if (!holder) return 'an unknown process';
  if (!holder.pid) return 'a process this user cannot inspect';
  const command = holder.command && holder.command.length > 160 ? `${holder.command.slice(0, 157)}...` : holder.command;
  return `pid ${holder.pid} (${command || 'unknown command'})`;
}

/** Fails with one message naming every taken port, what it is for, and who holds it. */
export async function assertPortsFree(ports: { port: number; what: string }[], instanceName: string): Promise<void> {
  const taken: string[] = [];
  for (const { port, what } of ports) {
    if (!(await isPortFree(port))) taken.push(`  port ${port} (${what}) is in use by ${describeListener(port)}`);
  }
  if (taken.length === 0) return;
  throw new StackError(
    `Cannot start the "${instanceName}" stack: ${taken.length === 1 ? 'a port it needs is' : 'ports it needs are'} taken.`,
    `${taken.join('\n')}\n\nStop that process, or if it is a leftover stack run \`npm run stack -- stop --instance ${instanceName}\`.`,
  );
}
