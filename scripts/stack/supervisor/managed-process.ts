import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { tailFile } from '../proc.ts';
import type { PartState } from '../state.ts';

export interface ProcessSpec {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
}

export interface ManagedProcessOptions {
  name: string;
  logFile: string;
  /** Built at every (re)start, so a restart picks up changed config and secrets. */
  spec: () => ProcessSpec;
  isReady: () => Promise<boolean>;
  readyTimeoutMs: number;
  onChange: () => void;
  log: (message: string) => void;
}

const now = () => new Date().toISOString();
const MAX_BACKOFF_MS = 30_000;
/** A run that stayed up this long resets the backoff: the next crash is a new problem. */
const STABLE_AFTER_MS = 30_000;

/**
 * A child process the supervisor keeps running. Its output goes straight to its log file. An
 * unexpected exit is recorded (code, signal, time, last log lines), logged, and followed by a
 * restart with exponential backoff; the record stays in the state so `status` shows it even after
 * the restart succeeded.
 */
export class ManagedProcess {
  state: PartState = { state: 'waiting', since: now(), restarts: 0 };
  private child?: ChildProcess;
  private stopping = false;
  private restartTimer?: NodeJS.Timeout;
  private consecutiveCrashes = 0;
  private startedAt = 0;

  constructor(private readonly options: ManagedProcessOptions) {}

  private set(patch: Partial<PartState>): void {
    this.state = { ...this.state, ...patch };
    this.options.onChange();
  }

  start(): void {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) return;
    this.stopping = false;
    clearTimeout(this.restartTimer);
    const { command, args, env, cwd } = this.options.spec();
    const out = fs.openSync(this.options.logFile, 'a');
    let child: ChildProcess;
    try {
      child = spawn(command, args, { cwd, env, stdio: ['ignore', out, out] });
    } finally {
      fs.closeSync(out);
    }
    this.child = child;
    this.startedAt = Date.now();
    child.on('error', (error) => {
      this.options.log(`${this.options.name}: could not be started: ${error.message}`);
      this.set({ state: 'failed', pid: undefined, since: now(), error: `could not be started: ${error.message}` });
    });
    child.on('exit', (code, signal) => this.onExit(child, code, signal));
    this.set({ state: 'starting', pid: child.pid, since: now(), error: undefined, nextRestartAt: undefined });
    void this.awaitReady(child);
  }

  private async awaitReady(child: ChildProcess): Promise<void> {
    const deadline = Date.now() + this.options.readyTimeoutMs;
    let warned = false;
    while (this.child === child && child.exitCode === null && child.signalCode === null) {
      if (await this.options.isReady()) {
        if (this.child === child && this.state.state === 'starting') {
          this.options.log(`${this.options.name}: ready (pid ${child.pid}, ${Date.now() - this.startedAt} ms after spawn)`);
          this.set({ state: 'ready', since: now() });
        }
        return;
      }
      if (!warned && Date.now() > deadline) {
        warned = true;
        const error = `not ready after ${this.options.readyTimeoutMs / 1000} s; last log lines:\n${tailFile(this.options.logFile, 15)}`;
        this.options.log(`${this.options.name}: ${error}`);
        this.set({ error });
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.child !== child) return;
    this.child = undefined;
    if (this.stopping) {
      this.set({ state: 'stopped', pid: undefined, since: now() });
      return;
    }
    const at = now();
    if (Date.now() - this.startedAt > STABLE_AFTER_MS) this.consecutiveCrashes = 0;
    this.consecutiveCrashes += 1;
    const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (this.consecutiveCrashes - 1));
    const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    const tail = tailFile(this.options.logFile, 15);
    this.options.log(
      `${this.options.name} (pid ${child.pid}) ${how}; restarting in ${delay / 1000} s (restart #${this.state.restarts + 1}). Last log lines:\n${tail}`,
    );
    this.set({
      state: 'crashed',
      pid: undefined,
      since: at,
      lastCrash: { code, signal, at },
      error: `${how} at ${at}`,
      nextRestartAt: new Date(Date.now() + delay).toISOString(),
    });
    this.restartTimer = setTimeout(() => {
      this.set({ restarts: this.state.restarts + 1 });
      this.start();
    }, delay);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child?.pid || child.exitCode !== null || child.signalCode !== null) {
      this.set({ state: 'stopped', pid: undefined, since: now(), nextRestartAt: undefined });
      return;
    }
    const exited = new Promise<boolean>((resolve) => child.once('exit', () => resolve(true)));
    const within = (ms: number) => Promise.race([exited, new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))]);
    child.kill('SIGTERM');
    if (!(await within(5000))) {
      this.options.log(`${this.options.name} (pid ${child.pid}) ignored SIGTERM for 5 s; killing it`);
      child.kill('SIGKILL');
      await within(2000);
    }
  }

  /** Stop and start again on purpose (e.g. functions changed); not counted as a crash. */
  async restart(): Promise<void> {
    await this.stop();
    this.start();
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }
}
