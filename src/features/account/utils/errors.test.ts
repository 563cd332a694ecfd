import { describe, expect, it } from 'vitest';
import { describeImportError } from './errors';

describe('describeImportError', () => {
  it('says the database refused part of the file, and that a second import skips what was written', () => {
    const refusal = { code: '23514', message: 'new row for relation "model_presets" violates check constraint "model_presets_temperature_range"', details: null, hint: null };
    expect(describeImportError(refusal)).toBe(
      'The import stopped: the server refused part of the file (new row for relation "model_presets" violates check constraint "model_presets_temperature_range"). Rows written before this problem were kept; importing again skips them.',
    );
  });

  it('gives any other failure the app’s sentence, and still says what a second import does', () => {
    expect(describeImportError(new TypeError('Failed to fetch'))).toBe(
      "Can't reach the Switchboard server. Check your internet connection and try again. Rows already written are skipped on a second import.",
    );
    expect(describeImportError({ code: 'PGRST301', message: 'JWT expired' })).toBe('Your session has expired. Sign in again, then retry. Rows already written are skipped on a second import.');
  });
});
