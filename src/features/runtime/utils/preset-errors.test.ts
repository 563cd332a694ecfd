import { describe, expect, it } from 'vitest';
import { describePresetError } from './preset-errors';

describe('describePresetError', () => {
  it('puts a taken name next to the name field', () => {
    const taken = { code: '23505', message: 'duplicate key value violates unique constraint "model_presets_owner_name_key"', details: null, hint: null };
    expect(describePresetError(taken, 'Precise')).toEqual({ field: 'name', message: 'You already have a preset named “Precise” (names ignore case). Choose another name.' });
  });

  it('says what failed for anything the presets table does not explain', () => {
    const nul = { code: '22P05', message: 'unsupported Unicode escape sequence', details: '\\u0000 cannot be converted to text.', hint: null };
    expect(describePresetError(nul, 'x').message).toMatch(/^The preset could not be saved: some text contains a character that cannot be stored/);
    expect(describePresetError({ code: '42P01', message: 'relation "x" does not exist' }, 'x', 'The preset could not be deleted').message).toMatch(/^The preset could not be deleted\. Try again/);
  });
});
