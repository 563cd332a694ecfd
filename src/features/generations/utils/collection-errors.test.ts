import { describe, expect, it } from 'vitest';
import { NETWORK_MESSAGE } from '@/lib/errors';
import { describeCollectionError } from './collection-errors';

describe('describeCollectionError', () => {
  it('names the title that is taken', () => {
    expect(describeCollectionError({ code: '23505', message: 'duplicate key value violates unique constraint "collections_owner_title_key"' }, ' poems ')).toBe(
      'You already have a collection called “poems” (titles ignore case). Choose another title.',
    );
  });

  it('says the title cannot be stored, whichever way Postgres refused it', () => {
    const surrogate = { code: '22P02', message: 'invalid input syntax for type json', details: 'Unicode low surrogate must follow a high surrogate.' };
    expect(describeCollectionError(surrogate, 'x')).toMatch(/^The title contains a character that cannot be stored/);
  });

  it('blames the network only when it was the network', () => {
    expect(describeCollectionError(new TypeError('Failed to fetch'), 'x')).toBe(NETWORK_MESSAGE);
    expect(describeCollectionError({ code: '42501', message: 'new row violates row-level security policy for table "collections"' }, 'x')).toBe(
      'The collection could not be saved: you are not allowed to change this. Reload the page; if it keeps happening, sign in again.',
    );
  });
});
