import fs from 'node:fs';
import { StackError } from './errors.ts';
import type { StackInstance } from './instance.ts';
import { instancePaths } from './paths.ts';
import { isAlive, sleep } from './proc.ts';

/**
 * Runs `work` while holding the instance's lifecycle lock, so `npm run dev` and a `stack start`
 * (or a test run's setup) started at the same moment don't both initialise one data directory.
 * A lock left by a process that no longer exists is taken over.
 */
export async function withLock<T>(instance: StackInstance, work: () => Promise<T>, timeoutMs = 120_000): Promise<T> {
  const file = instancePaths(instance).lock;
  fs.mkdirSync(instance.dir, { recursive: true });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(fs.readFileSync(file, 'utf8').trim() || 0);
      if (!holder || !isAlive(holder) || holder === process.pid) {
        fs.rmSync(file, { force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new StackError(`Another command (pid ${holder}) has been starting or stopping the "${instance.name}" stack for too long.`);
      }
      await sleep(50);
    }
  }
  try {
    return await work();
  } finally {
    fs.rmSync(file, { force: true });
  }
}
