import net from 'node:net';
import type http from 'node:http';
import { AuthApiError, badRequest } from './errors.ts';

/** GoTrue refuses bodies over 1 MiB (limitRequestBody(1 << 20)). */
const MAX_BODY_BYTES = 1 << 20;

export type JsonObject = Record<string, unknown>;

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(payload),
    ...headers,
  });
  res.end(payload);
}

export function sendNoContent(res: http.ServerResponse): void {
  res.writeHead(204);
  res.end();
}

/**
 * Reads the whole body. Past the limit the rest is drained, not stored, and the request fails
 * with 413 at once; the stream is not destroyed, so the client still receives that answer.
 */
export function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      chunks.length = 0;
      reject(error);
    };
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        fail(new AuthApiError(413, 'request_entity_too_large', `Request body too large (max ${MAX_BODY_BYTES} bytes)`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (settled) return;
      settled = true;
      resolve(Buffer.concat(chunks));
    });
    req.on('error', fail);
    req.on('close', () => fail(new Error('client closed the connection before sending the whole body')));
  });
}

/**
 * Parses a request body the way GoTrue's retrieveRequestParams does: JSON whatever the
 * Content-Type, `null` meaning "no fields", anything that is not an object a bad_json error.
 */
export function parseJsonObject(raw: Buffer, structName: string): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8'));
  } catch (error) {
    const reason = raw.length === 0 ? 'unexpected end of JSON input' : (error as Error).message;
    throw badRequest('bad_json', `Could not parse request body as JSON: ${reason}`);
  }
  if (value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw badRequest('bad_json', `Could not parse request body as JSON: json: cannot unmarshal ${jsonTypeName(value)} into Go value of type api.${structName}`);
  }
  return value as JsonObject;
}

function jsonTypeName(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'object' : typeof value;
}

/**
 * Typed field access for a parsed body. Go's decoder rejects a field of the wrong JSON type, and
 * treats null and absent alike; these mirror that so `{"password": 123}` is a 400, not a crash.
 */
export class BodyFields {
  constructor(
    private readonly body: JsonObject,
    private readonly structName: string,
  ) {}

  has(field: string): boolean {
    return this.body[field] !== undefined && this.body[field] !== null;
  }

  private mismatch(field: string, value: unknown, goType: string): AuthApiError {
    return badRequest(
      'bad_json',
      `Could not parse request body as JSON: json: cannot unmarshal ${jsonTypeName(value)} into Go struct field ${this.structName}.${field} of type ${goType}`,
    );
  }

  string(field: string): string | undefined {
    const value = this.body[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw this.mismatch(field, value, 'string');
    return value;
  }

  boolean(field: string): boolean | undefined {
    const value = this.body[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') throw this.mismatch(field, value, 'bool');
    return value;
  }

  object(field: string): JsonObject | undefined {
    const value = this.body[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) throw this.mismatch(field, value, 'map[string]interface {}');
    return value as JsonObject;
  }
}

export async function readFields(req: http.IncomingMessage, structName: string): Promise<BodyFields> {
  return new BodyFields(parseJsonObject(await readBody(req), structName), structName);
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The address rate limits key on: the first entry of X-Forwarded-For, which Supabase's gateway
 * sets (appending the peer it saw), else the TCP peer. Tests rely on this to give each client
 * its own bucket.
 */
export function clientAddress(req: http.IncomingMessage): string {
  const forwarded = header(req, 'x-forwarded-for');
  const first = forwarded?.split(',')[0]?.trim();
  if (first) return first;
  return req.socket.remoteAddress ?? 'unknown';
}

/** The client address as sessions.ip (inet) can hold it; a forged non-IP value is dropped. */
export function clientInetAddress(req: http.IncomingMessage): string | null {
  const address = clientAddress(req);
  return net.isIP(address) ? address : null;
}

export function userAgent(req: http.IncomingMessage): string | null {
  return header(req, 'user-agent') || null;
}

/** GoTrue's bearerRegexp: `(?i)^bearer (\S+$)`. */
export function bearerToken(req: http.IncomingMessage): string | undefined {
  const match = /^bearer (\S+)$/i.exec(header(req, 'authorization') ?? '');
  return match?.[1];
}

/** X-JWT-AUD lets a caller pick the audience, as in GoTrue's requestAud. */
export function requestedAudience(req: http.IncomingMessage): string | undefined {
  return header(req, 'x-jwt-aud') || undefined;
}
