import { AuthApiError, AuthRetryableFetchError, AuthWeakPasswordError } from '@supabase/supabase-js';
import { describe, expect, it } from 'vitest';
import { describeAuthError, describeWeakPasswordReasons } from './auth-error';

describe('describeAuthError', () => {
  it('says the email or password is wrong without saying which', () => {
    expect(describeAuthError(new AuthApiError('Invalid login credentials', 400, 'invalid_credentials'))).toEqual({
      kind: 'invalid_credentials',
      field: null,
      message: 'Wrong email or password. Check both and try again.',
    });
  });

  it.each(['user_already_exists', 'email_exists'])('puts "account exists" (%s) next to the email', (code) => {
    expect(describeAuthError(new AuthApiError('User already registered', 422, code))).toMatchObject({
      kind: 'account_exists',
      field: 'email',
      message: 'An account with this email already exists.',
    });
  });

  it('lists a weak password’s reasons with the minimum length the server asked for', () => {
    const error = new AuthWeakPasswordError('Password should be at least 12 characters.', 422, ['length']);
    expect(describeAuthError(error)).toEqual({
      kind: 'weak_password',
      field: 'password',
      message: 'Choose a stronger password:',
      reasons: ['Use at least 12 characters.'],
    });
  });

  it('falls back to the server’s own words when it gives no reasons', () => {
    const error = new AuthWeakPasswordError('Password is too simple.', 422, []);
    expect(describeAuthError(error)).toMatchObject({ field: 'password', message: 'Choose a stronger password: Password is too simple.' });
  });

  it.each(['over_request_rate_limit', 'over_email_send_rate_limit'])('asks to wait after too many attempts (%s)', (code) => {
    expect(describeAuthError(new AuthApiError('Request rate limit reached', 429, code)).message).toBe(
      'Too many attempts. Wait a few minutes, then try again.',
    );
  });

  it('treats any 429 as a rate limit, even without a code', () => {
    expect(describeAuthError(new AuthApiError('Too many requests', 429, undefined)).kind).toBe('rate_limited');
  });

  it('says the server cannot be reached when the request never got an answer', () => {
    expect(describeAuthError(new AuthRetryableFetchError('Failed to fetch', 0))).toEqual({
      kind: 'network',
      field: null,
      message: "Can't reach the server. Check your internet connection and try again.",
    });
    expect(describeAuthError(new TypeError('Failed to fetch')).kind).toBe('network');
  });

  it('reports a server failure with its status', () => {
    expect(describeAuthError(new AuthRetryableFetchError('Bad Gateway', 502)).message).toBe(
      'The server had a problem (HTTP 502). Try again in a moment.',
    );
  });

  it('explains unconfirmed emails and disabled sign-ups', () => {
    expect(describeAuthError(new AuthApiError('Email not confirmed', 400, 'email_not_confirmed')).message).toMatch(/^Confirm your email address first/);
    expect(describeAuthError(new AuthApiError('Signups not allowed for this instance', 422, 'signup_disabled')).message).toMatch(
      /does not accept new sign-ups/,
    );
  });

  it('keeps the server’s message for anything it does not know', () => {
    const description = describeAuthError(new AuthApiError('Database error saving new user', 500, 'unexpected_failure'));
    expect(description.kind).toBe('unknown');
    expect(description.message).toMatch(/^Something went wrong\. Try again/);
    expect(description.message).toContain('Database error saving new user');
  });
});

describe('describeWeakPasswordReasons', () => {
  it('names the character kinds Supabase Auth requires, read from its message', () => {
    const message =
      'Password should contain at least one character of each: abcdefghijklmnopqrstuvwxyz, ABCDEFGHIJKLMNOPQRSTUVWXYZ, 0123456789, !@#$%^&*()_+-=[]{};\'\\:"|<>?,./`~.';
    expect(describeWeakPasswordReasons(['characters'], message)).toEqual(['Include lowercase letters, uppercase letters, digits and symbols.']);
  });

  it('reads "letters and digits" when a set holds both cases', () => {
    const message = 'Password should contain at least one character of each: abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ, 0123456789.';
    expect(describeWeakPasswordReasons(['characters'], message)).toEqual(['Include letters and digits.']);
  });

  it('describes several reasons from one combined message, and known leaks', () => {
    const message =
      'Password should be at least 8 characters. Password should contain at least one character of each: abcdefghijklmnopqrstuvwxyz, 0123456789. Password is known to be weak and easy to guess, please choose a different one.';
    expect(describeWeakPasswordReasons(['length', 'characters', 'pwned'], message)).toEqual([
      'Use at least 8 characters.',
      'Include lowercase letters and digits.',
      'This password appears in known data leaks; choose one you have not used anywhere else.',
    ]);
  });

  it('stays truthful when the message cannot be read', () => {
    expect(describeWeakPasswordReasons(['length', 'characters'], 'weak')).toEqual([
      'Use a longer password.',
      'Mix in more kinds of characters: letters, digits and symbols.',
    ]);
  });
});
