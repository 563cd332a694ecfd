/**
 * What the fuzz suite accepts as an answer, and the figures it reports.
 *
 * The contract (docs/functions-api.md): no 5xx for anything a caller sends; every error body is
 * `{ "error": { "code", "message" } }` with string code and message. Two refusals happen before a
 * function runs and keep the platform's own shapes: verify_jwt's 401 `{ "msg" }` for a missing,
 * expired or forged JWT, and the gateway's 401 `{ "message", "hint" }` for a request without an
 * apikey (Kong's answer on a hosted project).
 */
import type { CallerKind, FunctionName, FuzzRequest } from './fuzz-requests.ts';

export interface Answer {
  status: number;
  contentType: string;
  retryAfter: string | null;
  text: string;
  /** The upstream fakes received a request while this one ran. */
  upstreamContacted: boolean;
}

export type Verdict =
  | { ok: true }
  | { ok: false; kind: '5xx' | 'hidden 5xx' | 'shape' | 'no answer'; reason: string };

const JWT_REFUSED: ReadonlySet<CallerKind> = new Set(['expired-jwt', 'forged-jwt', 'alg-none-jwt']);

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const hasExactly = (value: Record<string, unknown>, keys: string[]) =>
  Object.keys(value).length === keys.length && keys.every((key) => typeof value[key] === 'string' && value[key] !== '');

export function isErrorBody(value: unknown): boolean {
  return isObject(value) && Object.keys(value).length === 1 && isObject(value.error) && hasExactly(value.error, ['code', 'message']);
}

/** The body shape a refusal must have, by who refused it. */
function errorShapeProblem(request: FuzzRequest, answer: Answer): string | null {
  const body = parse(answer.text);
  if (answer.status === 401 && JWT_REFUSED.has(request.caller)) {
    return isObject(body) && hasExactly(body, ['msg']) ? null : 'a refused JWT must get verify_jwt\'s { msg }';
  }
  if (answer.status === 401 && request.caller === 'no-apikey') {
    return isObject(body) && hasExactly(body, ['message', 'hint']) ? null : 'a request without an apikey must get the gateway\'s { message, hint }';
  }
  if (!isErrorBody(body)) return 'not { error: { code, message } } with string code and message';
  if (answer.status === 429 && !/^[1-9]\d*$/.test(answer.retryAfter ?? '')) return '429 without a Retry-After in seconds';
  return null;
}

/**
 * Our own failure inside a 200: a stream that already started ends with internal_error (the 500
 * of a stream), or a health result says the check itself crashed (check.ts reports that as
 * "unknown" with this sentence, so one bad connection does not fail the others).
 */
function hiddenFailure(answer: Answer): string | null {
  const crashedCheck = 'The check failed unexpectedly';
  if (answer.text.includes(crashedCheck)) return `a result says "${crashedCheck}"`;
  if (answer.contentType.includes('ndjson') && /"code":"internal_error"/.test(answer.text)) return 'the stream ended with internal_error';
  return null;
}

/** A successful answer must be readable: JSON, or NDJSON whose error lines have the error shape. */
function successProblem(answer: Answer): string | null {
  if (answer.text === '') return null;
  if (answer.contentType.includes('ndjson')) {
    for (const line of answer.text.split('\n').filter((l) => l.trim() !== '')) {
      const value = parse(line);
      if (!isObject(value)) return `an NDJSON line is not a JSON object: ${line.slice(0, 120)}`;
      if (value.type === 'error' && !isErrorBody({ error: value.error })) return `an NDJSON error line without { code, message }: ${line.slice(0, 200)}`;
    }
    return null;
  }
  return parse(answer.text) === undefined ? 'a 2xx body that is not JSON' : null;
}

export function judge(request: FuzzRequest, answer: Answer | null): Verdict {
  if (!answer) return { ok: false, kind: 'no answer', reason: 'no answer before the client gave up' };
  if (answer.status >= 500) {
    // 502 is the contract only when the function really contacted an upstream that failed.
    if (answer.status === 502 && answer.upstreamContacted && isErrorBody(parse(answer.text))) return { ok: true };
    return { ok: false, kind: '5xx', reason: `${answer.status}${answer.status === 502 ? ' without an upstream contacted' : ''}` };
  }
  // HEAD answers carry no body, a preflight answers 204 without one.
  if (request.method === 'HEAD' || answer.status === 204) return { ok: true };
  const hidden = answer.status < 300 ? hiddenFailure(answer) : null;
  if (hidden) return { ok: false, kind: 'hidden 5xx', reason: hidden };
  const problem = answer.status >= 400 ? errorShapeProblem(request, answer) : successProblem(answer);
  return problem ? { ok: false, kind: 'shape', reason: problem } : { ok: true };
}

/**
 * The items issue 11 already names, so a report tells them apart from anything new: NUL and lone
 * surrogates crash generate (item 2), the gateway leaves a request unanswered after an early 413
 * (item 3).
 */
export function knownItem(request: FuzzRequest, verdict: Verdict, wire: string | Uint8Array | undefined): string | null {
  if (verdict.ok) return null;
  const text = typeof wire === 'string' ? wire : '';
  // JSON.stringify writes NUL as \u0000 and a lone surrogate as \udXXX (pairs stay as they are).
  const unstorable = /\\u0000|\\ud[89a-f][0-9a-f]{2}/i.test(text);
  if ((verdict.kind === '5xx' || verdict.kind === 'hidden 5xx') && request.fn === 'generate' && unstorable) return 'issue 11 item 2 (NUL or a lone surrogate in generate)';
  if (verdict.kind === 'no answer') return 'issue 11 item 3 (the gateway leaves a request unanswered)';
  return null;
}

// ---------------------------------------------------------------------------------------------
// Figures
// ---------------------------------------------------------------------------------------------

interface Tally {
  sent: number;
  ok2xx: number;
  client4xx: number;
  server5xx: number;
  upstream502: number;
  /** Our own failure reported inside a 200 (see hiddenFailure). */
  hidden5xx: number;
  shape: number;
  noAnswer: number;
}

const empty = (): Tally => ({ sent: 0, ok2xx: 0, client4xx: 0, server5xx: 0, upstream502: 0, hidden5xx: 0, shape: 0, noAnswer: 0 });

export class Figures {
  readonly #rows = new Map<string, Tally>();

  add(fn: FunctionName, caller: CallerKind, answer: Answer | null, verdict: Verdict): void {
    const key = `${fn}\u0000${caller}`;
    const row = this.#rows.get(key) ?? empty();
    this.#rows.set(key, row);
    row.sent++;
    if (!answer) row.noAnswer++;
    else if (answer.status >= 500) {
      if (verdict.ok) row.upstream502++;
      else row.server5xx++;
    } else if (answer.status >= 400) row.client4xx++;
    else row.ok2xx++;
    if (!verdict.ok && verdict.kind === 'shape') row.shape++;
    if (!verdict.ok && verdict.kind === 'hidden 5xx') row.hidden5xx++;
  }

  total(): Tally {
    const sum = empty();
    for (const row of this.#rows.values()) for (const key of Object.keys(sum) as (keyof Tally)[]) sum[key] += row[key];
    return sum;
  }

  /** One line per function and caller kind, then the totals. */
  table(): string {
    const header = ['function', 'caller', 'sent', '2xx', '4xx', '5xx', '502 upstream', '5xx in a 200', 'shape', 'no answer'];
    const cells = (t: Tally) => [t.sent, t.ok2xx, t.client4xx, t.server5xx, t.upstream502, t.hidden5xx, t.shape, t.noAnswer].map(String);
    const lines = [...this.#rows.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, t]) => [...key.split('\u0000'), ...cells(t)]);
    lines.push(['total', '', ...cells(this.total())]);
    const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
    const format = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
    return [format(header), ...lines.map(format)].join('\n');
  }
}
