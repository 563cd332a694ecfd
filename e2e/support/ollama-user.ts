import { expect, test, type Page } from '@playwright/test';
import { startFakeServers, type FakeServers } from '../../scripts/testing/fake-servers.ts';
import { accessTokenFor, insertRows } from './api.ts';
import { createUser, testStack, uniqueEmail } from './stack.ts';

import { PASSWORD, signInThroughForm } from './sign-in.ts';

export { PASSWORD };

/** The fake servers for every test of the file, with the fake Ollama back to its first state before each. */
export function withFakeServers(): () => FakeServers {
  let fakes: FakeServers;
  test.beforeAll(async () => {
    fakes = await startFakeServers();
  });
  test.afterAll(async () => {
    await fakes?.stop();
  });
  test.beforeEach(async () => {
    await fakes.reset('ollama');
  });
  return () => fakes;
}

/**
 * A new user with an Ollama connection named "Home Ollama" at the fake, its models discovered by
 * the discovery function (then switched to browser probing if asked), signed in in `page`.
 */
export async function signInWithDiscoveredOllama(page: Page, fakes: FakeServers, label: string, probeFrom: 'server' | 'browser' = 'server'): Promise<{ email: string; token: string; connectionId: string }> {
  const email = uniqueEmail(label);
  await createUser(email, PASSWORD);
  const token = await accessTokenFor(email, PASSWORD);
  const [connection] = await insertRows<{ id: string }>(token, 'connections', [{ name: 'Home Ollama', kind: 'ollama', base_url: fakes.ollama, probe_from: 'server' }]);
  const headers = { apikey: testStack.anonKey, Authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const discovered = await fetch(`${testStack.apiUrl}/functions/v1/discovery`, { method: 'POST', headers, body: JSON.stringify({ connection_id: connection!.id }) });
  expect(discovered.status).toBe(200);
  if (probeFrom === 'browser') {
    const switched = await fetch(`${testStack.apiUrl}/rest/v1/connections?id=eq.${connection!.id}`, { method: 'PATCH', headers, body: JSON.stringify({ probe_from: 'browser' }) });
    expect(switched.ok).toBe(true);
  }
  await signInThroughForm(page, email);
  return { email, token, connectionId: connection!.id };
}
