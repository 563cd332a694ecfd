import fs from 'node:fs';
import type { StackInstance } from './instance.ts';
import { instancePaths, LOGS, type LogName } from './paths.ts';
import { tailFile } from './proc.ts';

/** `logs [part] [-f]`: the last lines of one log or of all of them, then optionally follow. */
export async function showLogs(instance: StackInstance, part: LogName | undefined, { follow, lines }: { follow: boolean; lines: number }) {
  const paths = instancePaths(instance);
  const names = part ? [part] : LOGS.filter((name) => fs.existsSync(paths.log(name)));
  if (names.length === 0) {
    console.log(`No logs yet in ${instance.logDir}.`);
    return;
  }
  for (const name of names) {
    const text = tailFile(paths.log(name), lines);
    if (names.length > 1) console.log(`==> ${name} (${paths.log(name)}) <==`);
    console.log(text || '(empty)');
    if (names.length > 1) console.log('');
  }
  if (!follow) return;

  // Poll sizes rather than fs.watch: Postgres and children append from other processes, and a
  // reset truncates or recreates files, which polling handles without special cases.
  const offsets = new Map(names.map((name) => [name, fs.existsSync(paths.log(name)) ? fs.statSync(paths.log(name)).size : 0]));
  const prefix = (name: string) => (names.length > 1 ? `[${name}] ` : '');
  for (;;) {
    for (const name of names) {
      const file = paths.log(name);
      const size = fs.existsSync(file) ? fs.statSync(file).size : 0;
      let offset = offsets.get(name) ?? 0;
      if (size < offset) offset = 0;
      if (size > offset) {
        const fd = fs.openSync(file, 'r');
        const buffer = Buffer.alloc(size - offset);
        fs.readSync(fd, buffer, 0, buffer.length, offset);
        fs.closeSync(fd);
        const text = buffer.toString('utf8').replace(/\n$/, '');
        process.stdout.write(`${text.split('\n').map((line) => prefix(name) + line).join('\n')}\n`);
        offsets.set(name, size);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
