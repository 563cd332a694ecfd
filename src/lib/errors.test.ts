import { AuthApiError, AuthRetryableFetchError } from '@supabase/supabase-js';
import { describe, expect, it } from 'vitest';
import { FunctionError } from '@/lib/edge-functions';
import {
  BrowserRequestError,
  databaseCode,
  describeError,
  ExplainedError,
  functionErrorOf,
  isNetworkError,
  isUnstorableTextError,
  NETWORK_MESSAGE,
} from './errors';

/** What supabase-js hands over when PostgREST could not be reached at all. */
const unreachablePostgrest = (browserMessage: string) => ({ message: `TypeError: ${browserMessage}`, details: '', hint: '', code: '' });

describe('isNetworkError', () => {
  it.each(['Failed to fetch', 'NetworkError when attempting to fetch resource.', 'Load failed', 'fetch failed'])('knows every browser’s words for no answer: %s', (words) => {
    expect(isNetworkError(new TypeError(words))).toBe(true);
    expect(isNetworkError(unreachablePostgrest(words))).toBe(true);
  });

  it('knows Supabase Auth’s failed fetch, and tells it from an answer with an error status', () => {
    expect(isNetworkError(new AuthRetryableFetchError('Failed to fetch', 0))).toBe(true);
    expect(isNetworkError(new AuthRetryableFetchError('Bad Gateway', 502))).toBe(false);
  });

  it('does not mistake other failures for a lost network', () => {
    expect(isNetworkError(new TypeError("Failed to execute 'fetch' on 'Window': Invalid name"))).toBe(false);
    expect(isNetworkError({ code: '23505', message: 'duplicate key value violates unique constraint "x"' })).toBe(false);
    expect(isNetworkError('Failed to fetch')).toBe(false);
    expect(isNetworkError(null)).toBe(false);
  });

  it('leaves errors that already explain themselves alone, even about an unreachable server', () => {
    expect(isNetworkError(new FunctionError('lockbox', 0, 'unreachable', "Couldn't reach the server's key storage service."))).toBe(false);
    expect(isNetworkError(new BrowserRequestError('unreachable', 'Your browser could not reach gpu-box:11434 (NetworkError).'))).toBe(false);
  });
});

describe('database refusals', () => {
  it('reads the code of a PostgREST error and of nothing else', () => {
    expect(databaseCode({ code: '23505', message: 'duplicate key value violates unique constraint "x"', details: null, hint: null })).toBe('23505');
    expect(databaseCode(new FunctionError('generate', 400, '23505', 'A sentence.'))).toBeUndefined();
    expect(databaseCode(new AuthApiError('User already registered', 422, 'user_already_exists'))).toBeUndefined();
    expect(databaseCode(new Error('boom'))).toBeUndefined();
  });

  it('knows text Postgres cannot store, by code or by the words of a lone surrogate', () => {
    expect(isUnstorableTextError({ code: '22P05', message: 'unsupported Unicode escape sequence', details: '\\u0000 cannot be converted to text.' })).toBe(true);
    expect(isUnstorableTextError({ code: '22P02', message: 'invalid input syntax for type json', details: 'Unicode low surrogate must follow a high surrogate.' })).toBe(true);
    expect(isUnstorableTextError({ code: '22P02', message: 'invalid input syntax for type uuid: "x"' })).toBe(false);
  });
});

describe('functionErrorOf', () => {
  it('reads the functions’ { error: { code, message } } answer, and only strings from it', () => {
    expect(functionErrorOf({ error: { code: 'invalid_request', message: 'The key is empty.' } })).toEqual({ code: 'invalid_request', message: 'The key is empty.' });
    expect(functionErrorOf({ error: { code: 'rate_limited', message: 42 } })).toEqual({ code: 'rate_limited', message: undefined });
    expect(functionErrorOf({ error: 'plain text' })).toEqual({});
    expect(functionErrorOf(null)).toEqual({});
    expect(functionErrorOf('<html>Bad Gateway</html>')).toEqual({});
  });
});

describe('BrowserRequestError', () => {
  it('carries a code and a sentence like a function’s answer, without claiming a function was called', () => {
    const error = new BrowserRequestError('not_found', 'gpu-box:1234 does not have qwen3 (HTTP 404). Refresh the list: it may have been removed.', 404);
    expect(error).toBeInstanceOf(ExplainedError);
    expect(error).not.toBeInstanceOf(FunctionError);
    expect(error).toMatchObject({ name: 'BrowserRequestError', code: 'not_found', status: 404 });
    expect(new BrowserRequestError('unreachable', 'Your browser could not reach gpu-box:1234.').status).toBe(0);
  });
});

describe('describeError', () => {
  it('passes through sentences from functions and the database, and explains the rest', () => {
    expect(describeError(new FunctionError('lockbox', 400, 'invalid_request', 'The key is empty.'))).toBe('The key is empty.');
    expect(describeError({ code: 'PT404', message: 'That connection does not exist (or is not yours). Reload your connections and try again.' })).toBe(
      'That connection does not exist (or is not yours). Reload your connections and try again.',
    );
    expect(describeError({ code: 'PGRST301', message: 'JWT expired' })).toBe('Your session has expired. Sign in again, then retry.');
    expect(describeError({ code: '42P01', message: 'relation "x" does not exist' }, 'The list could not be loaded')).toBe(
      'The list could not be loaded. Try again; if it keeps happening, tell whoever runs this server. (relation "x" does not exist)',
    );
  });

  it('passes through what a browser request says about the person’s own server', () => {
    const error = new BrowserRequestError('timeout', 'gpu-box:11434 did not answer within 10 s.');
    expect(describeError(error, 'The model could not be loaded')).toBe('gpu-box:11434 did not answer within 10 s.');
  });

  it('says the Switchboard server could not be reached, whichever client noticed', () => {
    expect(describeError(new TypeError('Load failed'), 'The connection could not be deleted')).toBe(NETWORK_MESSAGE);
    expect(describeError(unreachablePostgrest('Failed to fetch'), 'The history could not be loaded')).toBe(NETWORK_MESSAGE);
    expect(describeError(new AuthRetryableFetchError('Failed to fetch', 0))).toBe(NETWORK_MESSAGE);
    expect(NETWORK_MESSAGE).toBe("Can't reach the Switchboard server. Check your internet connection and try again.");
  });

  it('reads the database’s codes: permission, a row that is gone, text it cannot store', () => {
    expect(describeError({ code: '42501', message: 'new row violates row-level security policy for table "connections"' }, '“Home” could not be enabled')).toBe(
      '“Home” could not be enabled: you are not allowed to change this. Reload the page; if it keeps happening, sign in again.',
    );
    expect(describeError({ code: 'PGRST116', message: 'Cannot coerce the result to a single JSON object' }, 'The key could not be removed')).toBe(
      'The key could not be removed: it no longer exists. Reload the page.',
    );
    expect(describeError({ code: '22P05', message: 'unsupported Unicode escape sequence', details: '\\u0000 cannot be converted to text.' }, 'The preset could not be saved')).toBe(
      'The preset could not be saved: some text contains a character that cannot be stored (a NUL character or a broken Unicode character). Delete it (it may be invisible), then try again.',
    );
  });

  it('prefers the sentence an RPC raised over its reading of the code', () => {
    expect(describeError({ code: '42501', message: 'Sign in to star models.' }, 'gpt-4o could not be added to favorites')).toBe('Sign in to star models.');
  });

  it('says a request took too long, and keeps whatever else went wrong', () => {
    expect(describeError(new DOMException('Timed out', 'TimeoutError'), 'The audit could not be loaded')).toBe('The audit could not be loaded: the server took too long to answer. Try again.');
    expect(describeError(new Error('The file is empty.'), 'The import could not start')).toBe('The import could not start: The file is empty.');
    expect(describeError(undefined, 'The import could not start')).toBe('The import could not start. Try again.');
    expect(describeError(new Error('boom'))).toBe('That did not work: boom');
  });
});
