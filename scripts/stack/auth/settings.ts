import { readFileSync } from 'node:fs';
import { parse } from 'smol-toml';

/**
 * The subset of supabase/config.toml that Supabase Auth (GoTrue) reads for email and password
 * sign-in. The Supabase CLI turns these keys into GoTrue's environment; the mapping noted on each
 * field is the one `supabase start` uses, so the local stand-in enforces the same rules.
 */
export interface AuthSettings {
  /** [auth] site_url. */
  siteUrl: string;
  /** [auth] jwt_expiry, seconds an access token lives (GOTRUE_JWT_EXP). */
  jwtExpiry: number;
  /** [auth] enable_refresh_token_rotation: whether reuse detection revokes the session. */
  enableRefreshTokenRotation: boolean;
  /** [auth] refresh_token_reuse_interval, seconds a revoked refresh token may still be exchanged. */
  refreshTokenReuseInterval: number;
  /** [auth] enable_signup (GOTRUE_DISABLE_SIGNUP is its negation). */
  enableSignup: boolean;
  /** [auth] enable_anonymous_sign_ins. */
  enableAnonymousSignIns: boolean;
  /** [auth] minimum_password_length; GoTrue never accepts less than 6. */
  minimumPasswordLength: number;
  /** [auth] password_requirements. */
  passwordRequirements: PasswordRequirements;
  rateLimit: {
    /** [auth.rate_limit] sign_in_sign_ups (GOTRUE_RATE_LIMIT_OTP): /signup and PUT /user, per 5 min per IP. */
    signInSignUps: number;
    /** [auth.rate_limit] token_refresh (GOTRUE_RATE_LIMIT_TOKEN_REFRESH): every /token grant, per 5 min per IP. */
    tokenRefresh: number;
  };
  email: {
    /** [auth.email] enable_signup (GOTRUE_EXTERNAL_EMAIL_ENABLED): the email provider as a whole. */
    enableSignup: boolean;
    /** [auth.email] enable_confirmations (GOTRUE_MAILER_AUTOCONFIRM is its negation). */
    enableConfirmations: boolean;
    /** [auth.email] double_confirm_changes (GOTRUE_MAILER_SECURE_EMAIL_CHANGE_ENABLED). */
    doubleConfirmChanges: boolean;
    /** [auth.email] secure_password_change (GOTRUE_SECURITY_UPDATE_PASSWORD_REQUIRE_REAUTHENTICATION). */
    securePasswordChange: boolean;
  };
  sms: {
    /** [auth.sms] enable_signup (GOTRUE_EXTERNAL_PHONE_ENABLED). */
    enableSignup: boolean;
    /** [auth.sms] enable_confirmations (GOTRUE_SMS_AUTOCONFIRM is its negation). */
    enableConfirmations: boolean;
  };
}

export const PASSWORD_REQUIREMENTS = [
  '',
  'letters_digits',
  'lower_upper_letters_digits',
  'lower_upper_letters_digits_symbols',
] as const;

export type PasswordRequirements = (typeof PASSWORD_REQUIREMENTS)[number];

/** GoTrue raises any configured minimum below this to this. */
const GOTRUE_MIN_PASSWORD_LENGTH = 6;

/** The values `supabase init` writes, used for every key the file leaves out. */
export const DEFAULT_AUTH_SETTINGS: AuthSettings = {
  siteUrl: 'http://127.0.0.1:3000',
  jwtExpiry: 3600,
  enableRefreshTokenRotation: true,
  refreshTokenReuseInterval: 10,
  enableSignup: true,
  enableAnonymousSignIns: false,
  minimumPasswordLength: 6,
  passwordRequirements: '',
  rateLimit: { signInSignUps: 30, tokenRefresh: 150 },
  email: { enableSignup: true, enableConfirmations: false, doubleConfirmChanges: true, securePasswordChange: false },
  sms: { enableSignup: false, enableConfirmations: false },
};

type Table = Record<string, unknown>;

function table(parent: Table, key: string, where: string): Table {
  const value = parent[key];
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${where}: [${key}] must be a table.`);
  }
  return value as Table;
}

function readBoolean(t: Table, key: string, fallback: boolean, where: string): boolean {
  const value = t[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new Error(`${where}: ${key} must be true or false, got ${JSON.stringify(value)}.`);
  return value;
}

function readCount(t: Table, key: string, fallback: number, where: string): number {
  const value = t[key];
  if (value === undefined) return fallback;
  // smol-toml returns integers as numbers (or bigint beyond 2^53, which no setting needs).
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new Error(`${where}: ${key} must be a non-negative integer, got ${JSON.stringify(value)}.`);
  }
  return value;
}

function readString(t: Table, key: string, fallback: string, where: string): string {
  const value = t[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'string') throw new Error(`${where}: ${key} must be a string, got ${JSON.stringify(value)}.`);
  return value;
}

/**
 * Reads the auth settings from supabase/config.toml. Missing keys take the CLI's defaults; a
 * present key with a wrong type or an unknown password requirement is an error (the CLI refuses
 * such a file too), so a typo never silently weakens the rules.
 */
export function loadAuthSettings(configTomlPath: string): AuthSettings {
  const where = configTomlPath;
  let root: Table;
  try {
    root = parse(readFileSync(configTomlPath, 'utf8')) as Table;
  } catch (error) {
    throw new Error(`Cannot read auth settings from ${where}: ${(error as Error).message}`, { cause: error });
  }

  const auth = table(root, 'auth', where);
  const rateLimit = table(auth, 'rate_limit', `${where} [auth]`);
  const email = table(auth, 'email', `${where} [auth]`);
  const sms = table(auth, 'sms', `${where} [auth]`);
  const d = DEFAULT_AUTH_SETTINGS;

  const requirements = readString(auth, 'password_requirements', d.passwordRequirements, `${where} [auth]`);
  if (!(PASSWORD_REQUIREMENTS as readonly string[]).includes(requirements)) {
    throw new Error(
      `${where} [auth]: password_requirements must be one of ${PASSWORD_REQUIREMENTS.map((r) => JSON.stringify(r)).join(', ')}, got ${JSON.stringify(requirements)}.`,
    );
  }

  return {
    siteUrl: readString(auth, 'site_url', d.siteUrl, `${where} [auth]`),
    jwtExpiry: readCount(auth, 'jwt_expiry', d.jwtExpiry, `${where} [auth]`),
    enableRefreshTokenRotation: readBoolean(auth, 'enable_refresh_token_rotation', d.enableRefreshTokenRotation, `${where} [auth]`),
    refreshTokenReuseInterval: readCount(auth, 'refresh_token_reuse_interval', d.refreshTokenReuseInterval, `${where} [auth]`),
    enableSignup: readBoolean(auth, 'enable_signup', d.enableSignup, `${where} [auth]`),
    enableAnonymousSignIns: readBoolean(auth, 'enable_anonymous_sign_ins', d.enableAnonymousSignIns, `${where} [auth]`),
    minimumPasswordLength: Math.max(
      GOTRUE_MIN_PASSWORD_LENGTH,
      readCount(auth, 'minimum_password_length', d.minimumPasswordLength, `${where} [auth]`),
    ),
    passwordRequirements: requirements as PasswordRequirements,
    rateLimit: {
      signInSignUps: readCount(rateLimit, 'sign_in_sign_ups', d.rateLimit.signInSignUps, `${where} [auth.rate_limit]`),
      tokenRefresh: readCount(rateLimit, 'token_refresh', d.rateLimit.tokenRefresh, `${where} [auth.rate_limit]`),
    },
    email: {
      enableSignup: readBoolean(email, 'enable_signup', d.email.enableSignup, `${where} [auth.email]`),
      enableConfirmations: readBoolean(email, 'enable_confirmations', d.email.enableConfirmations, `${where} [auth.email]`),
      doubleConfirmChanges: readBoolean(email, 'double_confirm_changes', d.email.doubleConfirmChanges, `${where} [auth.email]`),
      securePasswordChange: readBoolean(email, 'secure_password_change', d.email.securePasswordChange, `${where} [auth.email]`),
    },
    sms: {
      enableSignup: readBoolean(sms, 'enable_signup', d.sms.enableSignup, `${where} [auth.sms]`),
      enableConfirmations: readBoolean(sms, 'enable_confirmations', d.sms.enableConfirmations, `${where} [auth.sms]`),
    },
  };
}
