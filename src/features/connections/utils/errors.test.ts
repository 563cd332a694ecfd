import { describe, expect, it } from 'vitest';
import { baseUrlProblem } from '@/lib/base-url';
import { describeError, NETWORK_MESSAGE, UNSTORABLE_TEXT_MESSAGE } from '@/lib/errors';
import { describeConnectionSaveError } from './errors';

describe('describeConnectionSaveError', () => {
  it('puts a taken name next to the name field', () => {
    const error = { code: '23505', message: 'duplicate key value violates unique constraint "connections_owner_name_key"', details: 'Key (owner_id, lower(name))=(…) already exists.', hint: null };
    expect(describeConnectionSaveError(error, 'Home')).toEqual({ field: 'name', message: 'You already have a connection named “Home”. Choose another name.' });
  });

  it('maps check constraints to their fields', () => {
    expect(describeConnectionSaveError({ code: '23514', message: 'new row for relation "connections" violates check constraint "connections_base_url_http"' }, 'x').field).toBe('base_url');
    expect(describeConnectionSaveError({ code: '23514', message: 'A Custom endpoint connection needs a models path, for example /v1/models.' }, 'x')).toEqual({
      field: 'models_path',
      message: 'A Custom endpoint connection needs a models path, for example /v1/models.',
    });
  });

  it('shows a metadata refusal from the database as the form\'s own sentence, next to the base URL', () => {
    const refusal = {
      code: '23514',
      message: '169.254.169.254 is a cloud metadata address: it hands out the credentials of the machine it runs on, so no connection may point at it. Use the address of your model server.',
      details: 'Refused by connections_base_url_not_metadata (the host is on the list in private.cloud_metadata_hosts()).',
      hint: 'Set base_url to the address of the model server.',
    };
    expect(describeConnectionSaveError(refusal, 'x', 'http://0xa9fea9fe')).toEqual({ field: 'base_url', message: baseUrlProblem('http://0xa9fea9fe') });
    expect(describeConnectionSaveError(refusal, 'x', 'http://0xa9fea9fe').message).toMatch(/^0xa9fea9fe \(169\.254\.169\.254\) is a cloud metadata address: /);
    // Without the address that was sent, the database's own sentence.
    expect(describeConnectionSaveError(refusal, 'x')).toEqual({ field: 'base_url', message: refusal.message });
  });

  it('explains text the database could not store instead of echoing the raw error', () => {
    const nul = { code: '22P05', message: 'unsupported Unicode escape sequence', details: '\\u0000 cannot be converted to text.', hint: null };
    expect(describeConnectionSaveError(nul, 'x')).toEqual({ field: null, message: UNSTORABLE_TEXT_MESSAGE });
    expect(describeError(nul, 'The preset could not be saved')).toBe(
      'The preset could not be saved: some text contains a character that cannot be stored (a NUL character or a broken Unicode character). Delete it (it may be invisible), then try again.',
    );
  });

  it('leaves everything else to the whole form', () => {
    expect(describeConnectionSaveError(new TypeError('Failed to fetch'), 'x')).toEqual({ field: null, message: NETWORK_MESSAGE });
  });
});
