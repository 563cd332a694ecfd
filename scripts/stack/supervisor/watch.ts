import fs from 'node:fs';

/**
 * Calls `onChange` (debounced) when a file under the functions directories changes: sources,
 * `_shared` modules, deno.json, the .env secrets. Editors save in bursts; one reload per burst.
 */
export function watchFunctions(dirs: string[], onChange: (file: string) => void): () => void {
  let timer: NodeJS.Timeout | undefined;
  const watchers = dirs
    .filter((dir) => fs.existsSync(dir))
    .map((dir) =>
      fs.watch(dir, { recursive: true }, (_event, file) => {
        const name = String(file ?? '');
        // deno.lock is rewritten by Deno itself; reacting to it would loop.
        if (name.endsWith('deno.lock') || name.endsWith('~') || name.includes('.swp')) return;
        clearTimeout(timer);
        timer = setTimeout(() => onChange(name), 150);
      }),
    );
  return () => {
    clearTimeout(timer);
    for (const watcher of watchers) watcher.close();
  };
}
