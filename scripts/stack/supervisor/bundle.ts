import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../instance.ts';

const STACK_DIR = path.join(REPO_ROOT, 'scripts', 'stack');
const ENTRY = path.join(STACK_DIR, 'supervisor', 'main.ts');
// Inside node_modules so the bundle's bare imports (pg, jose...) resolve from the repo.
const CACHE_DIR = path.join(REPO_ROOT, 'node_modules', '.cache', 'switchboard-stack');

/** Every TypeScript source the supervisor may load (Deno's host and the SQL are not among them). */
function sources(dir = STACK_DIR): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'deno' || entry.name === 'sql' ? [] : sources(file);
    return entry.name.endsWith('.ts') ? [file] : [];
  });
}

/**
 * How to run the supervisor with plain `node`: its sources bundled into one ES module (rebuilt
 * when any of them changes). Starting through tsx costs about half a second of loader set-up and
 * per-file transforms on every start, which is a quarter of the warm-start budget. If esbuild is
 * unavailable or the build fails, the supervisor runs through tsx as before.
 */
export async function supervisorArgs(log: (line: string) => void = () => {}): Promise<string[]> {
  const fallback = ['--import', 'tsx', ENTRY];
  try {
    const files = sources().sort();
    const key = createHash('sha256')
      .update(files.map((f) => `${f}\0${fs.statSync(f).mtimeMs}\0${fs.statSync(f).size}`).join('\n'))
      .digest('hex')
      .slice(0, 16);
    const outfile = path.join(CACHE_DIR, `supervisor-${key}.mjs`);
    if (!fs.existsSync(outfile)) {
      const esbuild = await import('esbuild');
      fs.mkdirSync(CACHE_DIR, { recursive: true });
      const partial = `${outfile}.${process.pid}.partial.mjs`;
      await esbuild.build({
        entryPoints: [ENTRY],
        outfile: partial,
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        packages: 'external',
        logLevel: 'silent',
        // REPO_ROOT is derived from instance.ts's own location; keep it pointing at the sources.
        define: { 'import.meta.url': JSON.stringify(pathToFileURL(path.join(STACK_DIR, 'instance.ts')).href) },
      });
      fs.renameSync(partial, outfile);
      // Older builds are dead weight (but leave recent ones: another checkout state may be starting).
      for (const old of fs.readdirSync(CACHE_DIR)) {
        const file = path.join(CACHE_DIR, old);
        if (old.startsWith('supervisor-') && file !== outfile && Date.now() - fs.statSync(file).mtimeMs > 10 * 60_000) fs.rmSync(file, { force: true });
      }
    }
    return [outfile];
  } catch (error) {
    log(`Note: running the supervisor through tsx (bundling failed: ${(error as Error).message.split('\n')[0]})`);
    return fallback;
  }
}
