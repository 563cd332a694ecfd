import { describe, expect, it } from 'vitest';
import { parseRunParameters } from './run-parameters';

const empty = { temperature: '', top_p: '', max_tokens: '', context_length: '', keep_alive: '' };

describe('parseRunParameters', () => {
  it('sends only what was filled in, as numbers', () => {
    expect(parseRunParameters({ ...empty, temperature: '0.2', max_tokens: '256', keep_alive: '10m' })).toEqual({ ok: true, parameters: { temperature: 0.2, max_tokens: 256, keep_alive: '10m' } });
    expect(parseRunParameters(empty)).toEqual({ ok: true, parameters: {} });
  });

  it('names each field that is out of range, keeping the rest', () => {
    expect(parseRunParameters({ ...empty, temperature: '3', top_p: 'x', max_tokens: '1.5', keep_alive: 'soon' })).toEqual({
      ok: false,
      errors: {
        temperature: 'Temperature is a number from 0 to 2.',
        top_p: 'Top P is a number from 0 to 1.',
        max_tokens: 'Max tokens is a whole number from 1 to 1,000,000.',
        keep_alive: 'Keep alive is a duration such as 5m, 1h or -1 (forever).',
      },
    });
  });
});
