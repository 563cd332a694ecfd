import { resolveInstance } from '../../scripts/stack/instance.ts';

/** The isolated stack instance the end-to-end tests run against (its own ports and data). */
export const testStack = resolveInstance('test');

/** True when the test instance's gateway answers and its auth service is healthy. */
export async function isStackReady(): Promise<boolean> {
  try {
    const response = await fetch(`${testStack.apiUrl}/auth/v1/health`, {
      headers: { apikey: testStack.anonKey },
      signal: AbortSignal.timeout(2_000),
    });
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * Creates a confirmed user through the auth admin API (as a service-role program would), so tests
 * that are not about signing up do not spend the per-IP sign-up and sign-in rate limit.
 */
export async function createUser(email: string, password: string): Promise<void> {
  const response = await fetch(`${testStack.apiUrl}/auth/v1/admin/users`, {
    method: 'POST',
    headers: {
      apikey: testStack.serviceRoleKey,
      Authorization: `Bearer ${testStack.serviceRoleKey}`,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({ email, password, email_confirm: true }),
  });
  if (!response.ok) {
    throw new Error(`Creating test user ${email} failed: HTTP ${response.status} ${await response.text()}`);
  }
}

export function uniqueEmail(label: string): string {
  return `e2e-${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.com`;
}
