/**
 * The core runs in the browser and in Deno alike (README.md): its modules import nothing but each
 * other, and use no runtime's own API. A module that breaks this would still pass `deno check`,
 * and `tsc` only notices for modules the app happens to import.
 */
import assert from 'node:assert/strict';

async function* modules(dir: URL): AsyncGenerator<URL> {
  for await (const entry of Deno.readDir(dir)) {
    const url = new URL(entry.name + (entry.isDirectory ? '/' : ''), dir);
    if (entry.isDirectory) yield* modules(url);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) yield url;
  }
}

const coreDir = new URL('./', import.meta.url);

Deno.test('core modules import only core modules and use no Deno or Node API', async () => {
  const problems: string[] = [];
  let count = 0;
  for await (const url of modules(coreDir)) {
    count++;
    const name = url.pathname.slice(coreDir.pathname.length);
    const source = await Deno.readTextFile(url);
    for (const [, specifier] of source.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/gm)) {
      const target = new URL(specifier!, url);
      if (!specifier!.startsWith('.') || !target.pathname.startsWith(coreDir.pathname)) problems.push(`${name} imports ${specifier}`);
    }
    if (/\bDeno\.|\bprocess\.|\brequire\(|['"](?:npm|node|jsr):/.test(source)) problems.push(`${name} uses a runtime's own API`);
  }
  assert.ok(count > 20, `found only ${count} core modules`);
  assert.deepEqual(problems, []);
});
