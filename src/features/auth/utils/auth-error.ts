import { isAuthError, isAuthRetryableFetchError, isAuthWeakPasswordError } from '@supabase/supabase-js';
import { isNetworkError } from '@/lib/errors';

export type AuthErrorKind =
  | 'invalid_credentials'
  | 'account_exists'
  | 'weak_password'
  | 'rate_limited'
  | 'email_not_confirmed'
  | 'invalid_email'
  | 'signups_disabled'
  | 'network'
  | 'server'
  | 'unknown';

export interface AuthErrorDescription {
  kind: AuthErrorKind;
  /** The form field the message belongs next to; null for messages about the whole form. */
  field: 'email' | 'password' | null;
  /** A sentence that says what happened and what to do. */
  message: string;
  /** For a weak password: each rule the password broke, as an instruction. */
  reasons?: string[];
}

/** Names one required character set from Supabase Auth's message, e.g. "0123456789" -> "digits". */
function nameCharacterSet(set: string): string {
  const hasLower = /[a-z]/.test(set);
  const hasUpper = /[A-Z]/.test(set);
  if (hasLower && hasUpper) return 'letters';
  if (hasLower) return 'lowercase letters';
  if (hasUpper) return 'uppercase letters';
  if (/^[0-9]+$/.test(set)) return 'digits';
  return 'symbols';
}

function joinAsList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * Supabase Auth explains a weak password in its message ("Password should be at least 8 characters.
 * Password should contain at least one character of each: abc..., ABC..., 0123456789."); the numbers and
 * sets come from the server's configuration, so they are read from there, never assumed here.
 */
export function describeWeakPasswordReasons(reasons: readonly string[], message: string): string[] {
  const described: string[] = [];
  for (const reason of new Set(reasons)) {
    if (reason === 'length') {
      const min = /at least (\d+) characters?/i.exec(message)?.[1];
      described.push(min ? `Use at least ${min} characters.` : 'Use a longer password.');
    } else if (reason === 'characters') {
      const sets = /character of each:\s*(.+?)\.?\s*(?:Password|$)/is.exec(message)?.[1];
      const kinds = sets ? [...new Set(sets.split(/,\s+/).map((set) => nameCharacterSet(set.trim())))] : [];
      described.push(kinds.length > 0 ? `Include ${joinAsList(kinds)}.` : 'Mix in more kinds of characters: letters, digits and symbols.');
    } else if (reason === 'pwned') {
      described.push('This password appears in known data leaks; choose one you have not used anywhere else.');
    }
  }
  return described;
}

/** Turns any error from supabase.auth into a sentence a person can act on. */
export function describeAuthError(error: unknown): AuthErrorDescription {
  if (isAuthWeakPasswordError(error)) {
    const reasons = describeWeakPasswordReasons(error.reasons, error.message);
    return reasons.length > 0
      ? { kind: 'weak_password', field: 'password', message: 'Choose a stronger password:', reasons }
      : { kind: 'weak_password', field: 'password', message: `Choose a stronger password: ${error.message}` };
  }

  if (isNetworkError(error)) {
    return { kind: 'network', field: null, message: "Can't reach the server. Check your internet connection and try again." };
  }
  // auth-js reports a 5xx as retryable too, with its status.
  if (isAuthRetryableFetchError(error)) {
    return { kind: 'server', field: null, message: `The server had a problem (HTTP ${error.status}). Try again in a moment.` };
  }

  if (isAuthError(error)) {
    switch (error.code) {
      case 'invalid_credentials':
        return { kind: 'invalid_credentials', field: null, message: 'Wrong email or password. Check both and try again.' };
      case 'user_already_exists':
      case 'email_exists':
        return { kind: 'account_exists', field: 'email', message: 'An account with this email already exists.' };
      case 'over_request_rate_limit':
      case 'over_email_send_rate_limit':
        return { kind: 'rate_limited', field: null, message: 'Too many attempts. Wait a few minutes, then try again.' };
      case 'email_not_confirmed':
        return { kind: 'email_not_confirmed', field: null, message: 'Confirm your email address first: open the link we emailed you, then sign in.' };
      case 'email_address_invalid':
        return { kind: 'invalid_email', field: 'email', message: 'This email address is not accepted. Check it for typos or use another one.' };
      case 'signup_disabled':
      case 'email_provider_disabled':
        return { kind: 'signups_disabled', field: null, message: 'This server does not accept new sign-ups. Ask its administrator for an account.' };
    }
    if (error.status === 429) {
      return { kind: 'rate_limited', field: null, message: 'Too many attempts. Wait a few minutes, then try again.' };
    }
  }

  const detail = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  return {
    kind: 'unknown',
    field: null,
    message: detail
      ? `Something went wrong. Try again; if it keeps happening, tell whoever runs this server. The server said: ${detail}`
      : 'Something went wrong. Try again; if it keeps happening, tell whoever runs this server.',
  };
}
