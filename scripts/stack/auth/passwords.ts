import bcrypt from 'bcryptjs';
import { AuthApiError, badRequest } from './errors.ts';
import type { AuthSettings, PasswordRequirements } from './settings.ts';

/** bcrypt only looks at the first 72 bytes, so GoTrue refuses longer passwords outright. */
export const MAX_PASSWORD_BYTES = 72;

/** GoTrue hashes with Go's bcrypt.DefaultCost. */
const BCRYPT_COST = 10;

/**
 * The character sets each CLI `password_requirements` value turns into
 * (GOTRUE_PASSWORD_REQUIRED_CHARACTERS, after GoTrue splits it on unescaped colons): a password
 * needs at least one character from every set.
 */
const REQUIRED_CHARACTER_SETS: Record<PasswordRequirements, string[]> = {
  '': [],
  letters_digits: ['abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ', '0123456789'],
  lower_upper_letters_digits: ['abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', '0123456789'],
  lower_upper_letters_digits_symbols: [
    'abcdefghijklmnopqrstuvwxyz',
    'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
    '0123456789',
    '!@#$%^&*()_+-=[]{};\':"|<>?,./`~',
  ],
};

export interface WeakPassword {
  message: string;
  reasons: string[];
}

/**
 * Why a password falls short of the project's policy, in GoTrue's words, or null when it is fine.
 * Length counts bytes, as Go's len() does.
 */
export function weakPasswordReasons(settings: AuthSettings, password: string): WeakPassword | null {
  const messages: string[] = [];
  const reasons: string[] = [];
  if (Buffer.byteLength(password) < settings.minimumPasswordLength) {
    reasons.push('length');
    messages.push(`Password should be at least ${settings.minimumPasswordLength} characters.`);
  }
  const sets = REQUIRED_CHARACTER_SETS[settings.passwordRequirements];
  if (sets.some((set) => ![...password].some((ch) => set.includes(ch)))) {
    reasons.push('characters');
    messages.push(`Password should contain at least one character of each: ${sets.join(', ')}.`);
  }
  return reasons.length > 0 ? { message: messages.join(' '), reasons } : null;
}

/** Throws the error GoTrue answers for a password the policy refuses (checkPasswordStrength). */
export function assertPasswordStrength(settings: AuthSettings, password: string): void {
  if (Buffer.byteLength(password) > MAX_PASSWORD_BYTES) {
    throw badRequest('validation_failed', `Password cannot be longer than ${MAX_PASSWORD_BYTES} characters`);
  }
  const weak = weakPasswordReasons(settings, password);
  if (weak) throw new AuthApiError(422, 'weak_password', weak.message, weak.reasons);
}

/**
 * bcrypt hash as GoTrue stores it in auth.users.encrypted_password. bcryptjs writes the `$2b$`
 * prefix; `$2a$` (what Go writes) is the same algorithm for these lengths, and using it keeps
 * the column indistinguishable from rows the real service wrote.
 */
export async function hashPassword(password: string): Promise<string> {
  if (Buffer.byteLength(password) > MAX_PASSWORD_BYTES) {
    throw badRequest('validation_failed', 'bcrypt: password length exceeds 72 bytes');
  }
  const hash = await bcrypt.hash(password, BCRYPT_COST);
  return hash.replace(/^\$2b\$/, '$2a$');
}

/** Constant-time comparison inside bcrypt; an absent or non-bcrypt hash never matches. */
export async function verifyPassword(password: string, hash: string | null): Promise<boolean> {
  if (!hash || !isBcryptHash(hash)) return false;
  return bcrypt.compare(password, hash);
}

export function isBcryptHash(hash: string): boolean {
  return /^\$2[abxy]\$\d{2}\$[./A-Za-z0-9]{53}$/.test(hash);
}
