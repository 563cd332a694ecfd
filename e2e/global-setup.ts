import { startStack, stopStack } from '../scripts/stack/lifecycle.ts';
import { getStatus } from '../scripts/stack/status.ts';
import { isStackReady, testStack } from './support/stack.ts';

/**
 * Makes sure the `test` stack instance is up. A stack someone else started (`npm test`, another
 * terminal) is used as is and left running; one this run started is stopped when the run ends.
 */
export default async function globalSetup() {
  const before = await getStatus(testStack.name);
  if (before.state === 'running' && (await isStackReady())) return;

  await startStack(testStack.name, { log: (line) => console.log(`[test stack] ${line}`) });
  if (!(await isStackReady())) {
    throw new Error(`The test stack started, but ${testStack.apiUrl}/auth/v1/health does not answer. See: STACK_INSTANCE=test npm run stack -- logs`);
  }

  if (before.state !== 'stopped') return;
  return async () => {
    await stopStack(testStack.name);
  };
}
