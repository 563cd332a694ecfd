/**
 * The health error codes live in one TypeScript list (@core/providers/errors.ts, which the Edge
 * Functions and the browser's probe both answer with) and in the database's check constraint on
 * health_checks.error_code (which connections.health_error_code copies). This file fails when the
 * two drift apart: a code the app can produce that the database would refuse (the check would be
 * lost), or one the database allows that the app does not know.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVIDER_ERROR_CODES } from '@core/providers/errors.ts';
import { createTestUser, withDb, type TestUser } from '../support/stack.ts';

interface CheckConstraint {
  table_name: string;
  name: string;
  definition: string;
}

/** Every check constraint in public that mentions an error_code column, with its definition. */
async function errorCodeConstraints(): Promise<CheckConstraint[]> {
  return withDb(async (db) => {
    const { rows } = await db.query<CheckConstraint>(
      `select c.conrelid::regclass::text as table_name, c.conname as name, pg_get_constraintdef(c.oid) as definition
         from pg_constraint c
         join pg_namespace n on n.oid = c.connamespace
        where n.nspname = 'public' and c.contype = 'c' and pg_get_constraintdef(c.oid) ~ 'error_code'
        order by 1, 2`,
    );
    return rows;
  });
}

/** The quoted words of a constraint's definition: `CHECK ((error_code = ANY (ARRAY['dns_failure'::text, ...])))`. */
function listedWords(definition: string): string[] {
  return [...definition.matchAll(/'([^']*)'/g)].map((match) => match[1] as string);
}

describe('health error codes: the core list and the database constraint', () => {
  let alice: TestUser;
  let connectionId: string;

  beforeAll(async () => {
    alice = await createTestUser();
    const created = await alice.client
      .from('connections')
      .insert({ name: 'Error code probe', kind: 'ollama', base_url: 'http://localhost:11434', probe_from: 'browser' })
      .select('id')
      .single();
    if (created.error) throw created.error;
    connectionId = created.data.id as string;
  });

  afterAll(async () => {
    if (connectionId) await alice.client.from('connections').delete().eq('id', connectionId);
  });

  it('the constraint on health_checks.error_code lists exactly the core codes', async () => {
    const constraints = await errorCodeConstraints();
    expect(constraints.map((c) => `${c.table_name}.${c.name}`)).toEqual(['health_checks.health_checks_error_code_known']);
    expect(new Set(listedWords(constraints[0]!.definition))).toEqual(new Set(PROVIDER_ERROR_CODES));
  });

  it('a browser check can record every core code, and the connection shows it', async () => {
    for (const code of PROVIDER_ERROR_CODES) {
      const inserted = await alice.client
        .from('health_checks')
        .insert({ connection_id: connectionId, status: 'unhealthy', error: `Recorded as ${code}.`, error_code: code, source: 'browser' })
        .select('error_code')
        .single();
      expect(inserted.error, code).toBeNull();
      const connection = await alice.client.from('connections').select('health_error_code').eq('id', connectionId).single();
      expect(connection.data?.health_error_code, code).toBe(code);
    }
  });

  it('a code outside the list is refused by the constraint', async () => {
    const refused = await alice.client
      .from('health_checks')
      .insert({ connection_id: connectionId, status: 'unhealthy', error: 'Made up.', error_code: 'made_up_code', source: 'browser' });
    expect(refused.error?.code).toBe('23514');
    expect(refused.error?.message).toContain('health_checks_error_code_known');
  });
});
