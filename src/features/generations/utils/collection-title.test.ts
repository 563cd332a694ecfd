import { describe, expect, it } from 'vitest';
import { collectionTitleProblem } from './collection-title';

describe('collectionTitleProblem', () => {
  it.each([
    ['   ', 'Give the collection a title.'],
    ['x'.repeat(101), 'Keep the title under 100 characters.'],
    ['Good\u0000 openings', 'The title contains a NUL character (\\u0000), which cannot be stored. Delete it (it may be invisible), then try again.'],
    ['Good openings \udbff', 'The title contains a broken Unicode character (a lone UTF-16 surrogate), which cannot be stored. Delete it (it may be invisible), then try again.'],
  ])('%j: %s', (title, problem) => {
    expect(collectionTitleProblem(title)).toBe(problem);
  });

  it('accepts what the database keeps', () => {
    expect(collectionTitleProblem('  Good openings 🦙 ')).toBeNull();
  });
});
