import { badRequest } from './errors.ts';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

/**
 * The address format GoTrue accepts (badoux/checkmail's ValidateFormat). Deliverability is not
 * checked: the hosted service only rejects addresses (email_address_invalid) when it tries to
 * send mail, which this local service never does.
 */
const EMAIL_PATTERN =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

/** Returns the address lower-cased, as GoTrue stores it, or throws GoTrue's validation error. */
export function validateEmail(email: string): string {
  if (email === '') throw badRequest('validation_failed', 'An email address is required');
  if (email.length > 255) throw badRequest('validation_failed', 'An email address is too long');
  if (!EMAIL_PATTERN.test(email)) throw badRequest('validation_failed', 'Unable to validate email address: invalid format');
  return email.toLowerCase();
}

/** GoTrue stores phones as E.164 digits without the plus sign. */
export function formatPhone(phone: string): string {
  return phone.replace(/^\+/, '').replaceAll(' ', '');
}

export function validatePhone(phone: string): string {
  const formatted = formatPhone(phone);
  if (!/^[1-9]\d{4,14}$/.test(formatted)) throw badRequest('validation_failed', 'Invalid phone number format (E.164 required)');
  return formatted;
}

const DURATION_UNITS_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Parses a Go duration ("24h", "1h30m", "876000h") as the admin API's ban_duration is one;
 * returns milliseconds, or null when the text is not a duration.
 */
export function parseGoDuration(text: string): number | null {
  const match = /^([+-]?)(.+)$/.exec(text);
  if (!match) return null;
  const [, sign, rest] = match;
  if (rest === '0') return 0;
  const part = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;
  let total = 0;
  let index = 0;
  while (index < rest.length) {
    part.lastIndex = index;
    const piece = part.exec(rest);
    if (!piece) return null;
    total += Number(piece[1]) * DURATION_UNITS_MS[piece[2]];
    index = part.lastIndex;
  }
  return sign === '-' ? -total : total;
}
