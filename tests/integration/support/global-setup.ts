/**
 * Starts the integration suite's stack instance (`test` unless STACK_INSTANCE says otherwise):
 * fresh (data wiped, migrations and seed rerun) unless STACK_REUSE=1 asks to use whatever runs
 * (`npm test` starts it once for all suites). Stops it afterwards only if this setup started it.
 */
import { startStack, stopStack } from '../../../scripts/stack/lifecycle.ts';
import { getStatus } from '../../../scripts/stack/status.ts';
import { suiteInstanceName } from './stack.ts';

export default async function setup(): Promise<() => Promise<void>> {
  const name = suiteInstanceName();
  const reuse = process.env.STACK_REUSE === '1';
  const wasRunning = (await getStatus(name)).state === 'running';
  const { timings, cold } = await startStack(name, { fresh: !reuse });
  const startedHere = !reuse || !wasRunning;
  console.log(
    `[integration] "${name}" stack ${startedHere ? `started (${cold ? 'cold' : 'warm'}, ${timings.total?.toFixed(1)} s)` : 'reused (already running)'}`,
  );
  return async () => {
    if (startedHere) await stopStack(name);
  };
}
