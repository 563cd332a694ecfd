/**
 * Generated requests for the Edge Function fuzz suite (functions-fuzz.test.ts): random and
 * adversarial JSON, bodies that start valid for one function and have one thing corrupted (so the
 * fuzzer gets past the first check), bodies that are not JSON at all, odd content types, every
 * HTTP method and every kind of caller.
 */
import fc from 'fast-check';

export const FUNCTIONS = ['lockbox', 'discovery', 'health', 'runtime', 'generate', 'server-config', 'whoami'] as const;
export type FunctionName = (typeof FUNCTIONS)[number];

/**
 * Who calls: a signed-in user; the anon key alone; the user's token without an apikey; and tokens
 * the platform must refuse: expired, signed with another secret, and unsigned (alg "none").
 */
export const CALLERS = ['user', 'anon', 'no-apikey', 'expired-jwt', 'forged-jwt', 'alg-none-jwt'] as const;
export type CallerKind = (typeof CALLERS)[number];

/** PROPFIND stands for methods nobody planned for (fetch refuses CONNECT, TRACE and TRACK). */
export const METHODS = ['POST', 'GET', 'HEAD', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'PROPFIND'] as const;
export type Method = (typeof METHODS)[number];

/** A piece of JSON text that JSON.stringify cannot produce (1e999, deep nesting...), spliced in as is. */
export class RawJson {
  constructor(readonly text: string) {}
}

export type Body =
  | { kind: 'json'; value: unknown }
  | { kind: 'text'; text: string }
  | { kind: 'bytes'; bytes: Uint8Array<ArrayBuffer> }
  | { kind: 'none' };

export interface FuzzRequest {
  fn: FunctionName;
  caller: CallerKind;
  method: Method;
  /** null sends no Content-Type at all. */
  contentType: string | null;
  accept: string | null;
  body: Body;
}

/** The ids a body can name: the caller's own connections in each state, someone else's, and nonsense. */
export interface IdPool {
  ownServer: string;
  ownOpenAi: string;
  ownBrowser: string;
  ownDisabled: string;
  othersConnection: string;
  modelId: string;
}

/** JSON text with RawJson spliced in, and `__proto__` written as the own key it is (never a prototype). */
export function toJsonText(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value).map((key) => `${JSON.stringify(key)}:${toJsonText((value as Record<string, unknown>)[key])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** An object with these own keys, including `__proto__` and `constructor` as ordinary data. */
function objectOf(entries: Array<[string, unknown]>): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const [key, value] of entries) Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  return object;
}

const MEBIBYTE = 1024 * 1024;

const nastyStrings = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  'sk-\u0000-key',
  '\ud800',
  'x\udfffy',
  '\ud83d',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e309',
  '-0',
  '0x10',
  'null',
  'undefined',
  'true',
  '__proto__',
  'constructor',
  '../../../etc/passwd',
  "'; drop table public.connections; --",
  '<script>alert(1)</script>',
  '\u202e\u2066evil',
  '\ufeff',
  '%00',
  '\r\nX-Injected: 1',
  '5m\u0000',
  '00000000-0000-0000-0000-000000000000',
  'llama3.2:latest\u0000',
);

const adversarialString = fc.oneof(
  { arbitrary: nastyStrings, weight: 4 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 3 },
  { arbitrary: fc.string({ maxLength: 40 }), weight: 2 },
  // Just under the 64 KiB body cap, so it reaches the schema (and, where valid, the database).
  { arbitrary: fc.constantFrom('y'.repeat(60_000), `${'z'.repeat(30_000)}\u0000`), weight: 1 },
  // 1 MB: the body cap must answer 413 without reading it all.
  { arbitrary: fc.constantFrom('x'.repeat(MEBIBYTE), '\u0000'.repeat(MEBIBYTE / 8)), weight: 1 },
);

const adversarialNumber = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, -1, 1.5, 999, 1000, 30_000, 30_001, 2 ** 31, 2 ** 53 + 2, Number.MAX_SAFE_INTEGER, 1e308, -1e308, Number.MIN_VALUE),
  fc.constantFrom(new RawJson('1e999'), new RawJson('-1e999'), new RawJson('123456789012345678901234567890'), new RawJson('1.0'), new RawJson('-0.0e-0')),
);

/** Nesting past what any schema expects, kept under the body cap. */
const deepNesting = fc.constantFrom(
  new RawJson(`${'['.repeat(20_000)}${']'.repeat(20_000)}`),
  new RawJson(`${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`),
  new RawJson(`${'[{"__proto__":'.repeat(2_000)}null${'}]'.repeat(2_000)}`),
);

const prototypeKeys = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf');

const leaf: fc.Arbitrary<unknown> = fc.oneof(
  adversarialString,
  adversarialNumber,
  fc.boolean(),
  fc.constant(null),
  fc.constant([]),
  fc.constant({}),
  fc.uuid(),
);

/** Any JSON value, with adversarial leaves, prototype keys and deep nesting among them. */
export const adversarialJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { arbitrary: leaf, weight: 5 },
    { arbitrary: fc.array(tie('value'), { maxLength: 4 }), weight: 1 },
    {
      arbitrary: fc.array(fc.tuple(fc.oneof(prototypeKeys, fc.string({ maxLength: 12 })), tie('value')), { maxLength: 4 }).map(objectOf),
      weight: 1,
    },
    { arbitrary: deepNesting, weight: 1 },
  ),
})).value;

// ---------------------------------------------------------------------------------------------
// Valid bodies per function, then one corruption
// ---------------------------------------------------------------------------------------------

const keepAlive = fc.constantFrom('5m', '1h', '-1', '0', '30s', '1h30m', '250ms');

function idArbitrary(ids: IdPool): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: fc.constant(ids.ownServer), weight: 6 },
    { arbitrary: fc.constantFrom(ids.ownOpenAi, ids.ownBrowser, ids.ownDisabled, ids.othersConnection), weight: 3 },
    { arbitrary: fc.constantFrom(ids.ownServer.toUpperCase(), '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff'), weight: 1 },
    { arbitrary: fc.uuid(), weight: 1 },
  );
}

/** A body the function accepts (for the caller's ids), before any corruption. */
export function validBody(fn: FunctionName, ids: IdPool): fc.Arbitrary<Record<string, unknown>> {
  const id = idArbitrary(ids);
  switch (fn) {
    case 'lockbox':
      return fc.oneof(
        fc.record({ action: fc.constant('set'), connection_id: id, api_key: fc.constantFrom('sk-fuzz-0123456789abcdef', 'key', 'ab') }),
        fc.record({ action: fc.constant('delete'), connection_id: id }),
      );
    case 'discovery':
      // Short timeouts: the fakes answer at once, and a mistake must not cost 30 s a request.
      return fc.record({ connection_id: id, timeout_ms: fc.integer({ min: 1_000, max: 3_000 }) }, { requiredKeys: ['connection_id'] });
    case 'health':
      return fc.record({ connection_ids: fc.array(id, { maxLength: 4 }), timeout_ms: fc.integer({ min: 1_000, max: 3_000 }) }, { requiredKeys: [] });
    case 'runtime':
      return fc.oneof(
        fc.record({ connection_id: id, action: fc.constant('status') }),
        fc.record(
          {
            connection_id: id,
            action: fc.constantFrom('load', 'unload', 'delete'),
            model_id: fc.constantFrom(ids.modelId, 'missing-model:latest'),
            keep_alive: keepAlive,
            context_length: fc.integer({ min: 1, max: 131_072 }),
          },
          { requiredKeys: ['connection_id', 'action', 'model_id'] },
        ),
      );
    case 'generate':
      return fc.record(
        {
          connection_id: id,
          model_id: fc.constantFrom(ids.modelId, 'missing-model:latest'),
          prompt: fc.constantFrom('Say hi', 'Ünïcødé 🙂 prompt', 'p'),
          system_prompt: fc.constantFrom(null, 'Be brief.'),
          preset_id: fc.constantFrom(null, '00000000-0000-4000-8000-000000000000'),
          parameters: fc.record(
            {
              temperature: fc.double({ min: 0, max: 2, noNaN: true }),
              top_p: fc.double({ min: 0, max: 1, noNaN: true }),
              max_tokens: fc.integer({ min: 1, max: 64 }),
              context_length: fc.integer({ min: 1, max: 8_192 }),
              keep_alive: keepAlive,
            },
            { requiredKeys: [] },
          ),
        },
        { requiredKeys: ['connection_id', 'model_id', 'prompt'] },
      );
    case 'server-config':
    case 'whoami':
      return fc.constant({});
  }
}

/** One thing wrong with an otherwise valid body. */
function corrupt(body: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = Object.keys(body);
  const nestedKeys = keys.filter((k) => body[k] !== null && typeof body[k] === 'object' && !Array.isArray(body[k]));
  const someKey = keys.length ? fc.constantFrom(...keys) : fc.constant('connection_id');
  const replaceField = fc.tuple(someKey, adversarialJson).map(([key, value]) => objectOf(Object.entries({ ...body, [key]: value })));
  const dropField = someKey.map((key) => objectOf(Object.entries(body).filter(([k]) => k !== key)));
  const extraField = fc
    .tuple(fc.oneof(prototypeKeys, fc.constantFrom('connectionId', 'owner_id', 'id', 'role', ''), fc.string({ maxLength: 8 })), adversarialJson)
    .map(([key, value]) => objectOf([...Object.entries(body), [key, value]]));
  const nestedField = nestedKeys.length
    ? fc.tuple(fc.constantFrom(...nestedKeys), fc.oneof(prototypeKeys, fc.string({ maxLength: 12 })), adversarialJson).map(([outer, key, value]) =>
      objectOf(Object.entries({ ...body, [outer]: objectOf([...Object.entries(body[outer] as object), [key, value]]) })),
    )
    : replaceField;
  const wrongContainer = fc.constantFrom<unknown>([body], Object.values(body), JSON.stringify(body), [], null, 0);
  const duplicateKey = someKey.chain((key) => adversarialJson.map((value) => new RawJson(`${toJsonText(body).slice(0, -1)}${keys.length ? ',' : ''}${JSON.stringify(key)}:${toJsonText(value)}}`)));
  return fc.oneof(
    { arbitrary: replaceField, weight: 6 },
    { arbitrary: dropField, weight: 2 },
    { arbitrary: extraField, weight: 2 },
    { arbitrary: nestedField, weight: 2 },
    { arbitrary: wrongContainer, weight: 1 },
    { arbitrary: duplicateKey, weight: 1 },
  );
}

const notJson = fc.oneof(
  fc.constantFrom('{', '{"connection_id":', 'NaN', 'undefined', "{'a':1}", '{"a":1,}', '[1,]', '\ufeff{}', '{}garbage', 'connection_id=x&action=set', '\u0000', '<xml/>'),
  fc.string({ unit: 'binary', maxLength: 60 }),
);

const invalidUtf8 = fc.constantFrom(
  new Uint8Array([0xff, 0xfe, 0xfd]),
  new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]), // {"a":"<bad>"}
  new Uint8Array([0xed, 0xa0, 0x80]), // a surrogate encoded as UTF-8
);

export function bodyArbitrary(fn: FunctionName, ids: IdPool): fc.Arbitrary<Body> {
  const valid = validBody(fn, ids);
  return fc.oneof(
    { arbitrary: valid.map((value): Body => ({ kind: 'json', value })), weight: 3 },
    { arbitrary: valid.chain(corrupt).map((value): Body => ({ kind: 'json', value })), weight: 10 },
    { arbitrary: adversarialJson.map((value): Body => ({ kind: 'json', value })), weight: 3 },
    { arbitrary: notJson.map((text): Body => ({ kind: 'text', text })), weight: 2 },
    { arbitrary: invalidUtf8.map((bytes): Body => ({ kind: 'bytes', bytes })), weight: 1 },
    { arbitrary: fc.constant<Body>({ kind: 'none' }), weight: 1 },
  );
}

const contentTypes = fc.oneof(
  { arbitrary: fc.constant('application/json'), weight: 8 },
  {
    arbitrary: fc.constantFrom(null, 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', 'application/xml', '*/*', 'APPLICATION/JSON'),
    weight: 2,
  },
);

const accepts = fc.oneof(
  { arbitrary: fc.constant(null), weight: 6 },
  { arbitrary: fc.constantFrom('application/x-ndjson', 'application/json', 'text/html', '*/*', 'application/x-ndjson, application/json;q=0.5'), weight: 2 },
);

export function requestArbitrary(fn: FunctionName, ids: IdPool): fc.Arbitrary<FuzzRequest> {
  return fc.record({
    fn: fc.constant(fn),
    // Mostly a signed-in user: the other callers are refused before the body matters.
    caller: fc.oneof({ arbitrary: fc.constant<CallerKind>('user'), weight: 14 }, { arbitrary: fc.constantFrom(...CALLERS), weight: 3 }),
    method: fc.oneof({ arbitrary: fc.constant<Method>('POST'), weight: 12 }, { arbitrary: fc.constantFrom(...METHODS), weight: 3 }),
    contentType: contentTypes,
    accept: accepts,
    body: bodyArbitrary(fn, ids),
  });
}

/** The bytes a body puts on the wire (none for GET and HEAD, which fetch cannot send with one). */
export function wireBody(request: FuzzRequest): string | Uint8Array<ArrayBuffer> | undefined {
  if (request.method === 'GET' || request.method === 'HEAD') return undefined;
  switch (request.body.kind) {
    case 'json':
      return toJsonText(request.body.value);
    case 'text':
      return request.body.text;
    case 'bytes':
      return request.body.bytes;
    case 'none':
      return undefined;
  }
}

/** A request on one line for a report: long bodies are cut, control characters made visible. */
export function describeRequest(request: FuzzRequest): string {
  const wire = wireBody(request);
  const text = wire === undefined ? '(no body)' : typeof wire === 'string' ? wire : `bytes ${[...wire].map((b) => b.toString(16).padStart(2, '0')).join(' ')}`;
  const shown = text.length > 240 ? `${text.slice(0, 240)}… (${text.length} chars)` : text;
  const visible = JSON.stringify(shown).slice(1, -1);
  return `${request.method} /functions/v1/${request.fn} as ${request.caller}, content-type ${request.contentType ?? '(none)'}${request.accept ? `, accept ${request.accept}` : ''}: ${visible}`;
}
