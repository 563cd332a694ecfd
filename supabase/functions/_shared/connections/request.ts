/**
 * The front half of every connection function: who is calling, the per-user rate limit, and the
 * request body validated with zod. Anything wrong with what the caller sent becomes an HttpError
 * with a 4xx status and a sentence naming the field, never a 500.
 */
import { z } from 'npm:zod@4.6.7';
import { callerFromRequest } from '../caller.ts';
import { findUnstorableText } from '../core/text.ts';
import { HttpError } from '../http.ts';
import type { RateLimitGate } from './ports.ts';

/** Bodies are small JSON objects; anything bigger is a mistake or an attack. */
export const MAX_BODY_BYTES = 64 * 1024;

export interface AuthenticatedUser {
  userId: string;
  accessToken: string;
}

/**
 * The signed-in user behind the request. The platform (verify_jwt = true) has checked the token's
 * signature and expiry already; this refuses tokens that name no user (the anon key, the
 * service_role key), because these functions act for a person.
 */
export function requireUser(request: Request): AuthenticatedUser {
  let caller;
  try {
    caller = callerFromRequest(request);
  } catch (error) {
    if (error instanceof HttpError) throw new HttpError(401, 'unauthorized', error.message);
    throw error;
  }
  if (!caller.userId || caller.role !== 'authenticated') {
    throw new HttpError(
      401,
      'unauthorized',
      'Sign in first: this function acts for a signed-in user, and the token sent names none.',
    );
  }
  const accessToken = request.headers.get('Authorization')!.replace(/^Bearer\s+/i, '');
  return { userId: caller.userId, accessToken };
}

/** Per-user limits, per function, in requests per window. */
export const RATE_LIMITS = {
  lockbox: { max: 30, windowSeconds: 60 },
  discovery: { max: 30, windowSeconds: 60 },
  health: { max: 30, windowSeconds: 60 },
  server_config: { max: 120, windowSeconds: 60 },
  // A runtime page polls every few seconds and batches act per model: room for both.
  runtime: { max: 240, windowSeconds: 60 },
  // Each run is a provider call someone pays for: generous for a person, a wall for a script.
  generate: { max: 60, windowSeconds: 60 },
} as const;
export type RateLimitBucket = keyof typeof RATE_LIMITS;

/** Throws a 429 (with Retry-After) when the user is over the bucket's limit. */
export async function enforceRateLimit(gate: RateLimitGate, userId: string, bucket: RateLimitBucket): Promise<void> {
  const decision = await gate.consume(userId, bucket, RATE_LIMITS[bucket]);
  if (!decision.allowed) throw new RateLimitedError(decision.retryAfterSeconds);
}

/** 429 in the functions' error shape, with Retry-After in whole seconds. */
export class RateLimitedError extends HttpError {
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number) {
    const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
    super(429, 'rate_limited', `Too many requests. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`, {
      'Retry-After': String(seconds),
    });
    this.retryAfterSeconds = seconds;
  }
}

/** Reads the body as text, refusing more than `maxBytes` without reading it all. */
async function readCappedText(request: Request, maxBytes: number): Promise<string> {
  const tooLarge = () =>
    new HttpError(413, 'payload_too_large', `The request body is larger than ${maxBytes / 1024} KiB.`);
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  if (!request.body) return '';
  const reader = request.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

/**
 * Every string of a body must be one Postgres can store: NUL and lone UTF-16 surrogates are valid
 * JSON and pass every type check, then fail the write (SQLSTATE 22P05) as a 500. Checked on what
 * the schema produced, so the path is the field's name and unknown fields were refused already.
 */
export const storableText = z.superRefine((value: unknown, ctx) => {
  const found = findUnstorableText(value);
  if (!found) return;
  ctx.addIssue({
    code: 'custom',
    // The field goes into the message (the path is already dotted text), so describeIssue keeps it as written.
    path: [],
    message: `${found.path || 'The request body'} ${found.reason}. Remove it and send the text again`,
  });
});

/**
 * Parses the JSON body with `schema`, then `storableText`. An empty body counts as `{}`
 * (supabase-js sends none when invoke() gets no body), so optional-only schemas accept it.
 */
export async function readBody<T extends z.ZodType>(request: Request, schema: T): Promise<z.output<T>> {
  const text = await readCappedText(request, MAX_BODY_BYTES);
  let value: unknown = {};
  if (text.trim() !== '') {
    try {
      value = JSON.parse(text);
    } catch {
      throw new HttpError(400, 'invalid_request', 'The request body is not valid JSON.');
    }
  }
  const parsed = schema.check(storableText).safeParse(value);
  if (!parsed.success) throw new HttpError(400, 'invalid_request', describeIssue(parsed.error.issues[0]));
  return parsed.data;
}

/** One zod issue as a sentence that names the field. */
export function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return 'The request is not valid.';
  const field = issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('')
    .replace(/^\./, '');
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => `"${k}"`).join(', ');
    return `Unknown field${issue.keys.length === 1 ? '' : 's'} ${keys}${
      field ? ` in ${field}` : ''
    }; check the spelling.`;
  }
  if (!field) {
    return issue.code === 'invalid_type' ? 'The request body must be a JSON object.' : sentence(issue.message);
  }
  // Messages written in the schemas already name their field.
  if (issue.message.startsWith(`${field.split(/[.[]/)[0]} `)) return sentence(issue.message);
  return sentence(`${field}: ${issue.message}`);
}

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
