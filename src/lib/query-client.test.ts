import { AuthApiError } from '@supabase/supabase-js';
import { describe, expect, it } from 'vitest';
import { shouldRetry } from './query-client';

describe('shouldRetry', () => {
  it('does not retry what the server refused', () => {
    expect(shouldRetry(0, new AuthApiError('Invalid login credentials', 400, 'invalid_credentials'))).toBe(false);
    expect(shouldRetry(0, { status: 403, message: 'permission denied' })).toBe(false);
  });

  it('retries network and server failures twice', () => {
    const offline = new TypeError('Failed to fetch');
    expect(shouldRetry(0, offline)).toBe(true);
    expect(shouldRetry(1, { status: 503 })).toBe(true);
    expect(shouldRetry(2, offline)).toBe(false);
  });
});
