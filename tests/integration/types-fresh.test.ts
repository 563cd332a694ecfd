/**
 * The committed database types (src/lib/database.types.ts) must be what postgres-meta generates
 * from the schema the test stack was migrated to: a migration changed without `npm run gen:types`
 * fails here, with the first line that differs.
 */
import { describe, expect, it } from 'vitest';
import { firstDifference, generateTypes, staleness } from '../../scripts/gen-types.ts';
import { dbUrl } from './support/stack.ts';

describe('generated database types', () => {
  let generated = '';

  it('match the committed src/lib/database.types.ts', async () => {
    generated = await generateTypes(dbUrl);
    expect(generated).toContain('export type Database');
    // undefined when fresh; otherwise the message says which line differs and what to run.
    expect(staleness(generated)).toBeUndefined();
  }, 60_000);

  it('would be reported stale after a schema change (the comparison is not vacuous)', () => {
    expect(generated).toMatch(/^\s+model_catalog: \{$/m);
    const changed = generated.replace(/^(\s+)is_favorite: boolean \| null$/m, '$1is_favorite: string | null');
    expect(changed).not.toBe(generated);
    expect(firstDifference(generated, changed)).toMatch(/^line \d+: generated "is_favorite: boolean \| null", committed "is_favorite: string \| null"$/);
  });
});
