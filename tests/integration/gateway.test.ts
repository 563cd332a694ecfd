/**
 * The API gateway in front of the local stack, checked on the wire: the apikey requirement and
 * Kong's answers, CORS for the app's origins, forwarding headers, and streaming without buffering.
 */
import net from 'node:net';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonKey, apiUrl, functionsUrl, instance, jwtSecret, restUrl, serviceRoleKey, withDb } from './support/stack.ts';

const TABLE = 'gateway_test_items';

async function signed(claims: Record<string, unknown>, secret = jwtSecret, expiresIn: string | number = '1h') {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuedAt().setExpirationTime(expiresIn).sign(new TextEncoder().encode(secret));
}

beforeAll(async () => {
  await withDb(async (db) => {
    await db.query(`drop table if exists public.${TABLE}`);
    await db.query(`create table public.${TABLE} (id int primary key, label text not null)`);
    await db.query(`alter table public.${TABLE} enable row level security`);
    await db.query(`create policy "Anyone can read gateway test items" on public.${TABLE} for select to anon, authenticated using (true)`);
    await db.query(`insert into public.${TABLE} select g, 'item ' || g from generate_series(1, 30) g`);
    await db.query(`notify pgrst, 'reload schema'`);
  });
  // The schema cache reloads asynchronously; wait until the table is served.
  for (let i = 0; i < 100; i++) {
    const response = await fetch(`${restUrl}/${TABLE}?select=id&limit=1`, { headers: { apikey: anonKey } });
    if (response.ok) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${TABLE} never became visible through PostgREST`);
});

afterAll(async () => {
  await withDb((db) => db.query(`drop table if exists public.${TABLE}`));
});

describe('apikey', () => {
  it('refuses a request without an apikey with 401 and Kong\'s message', async () => {
    const response = await fetch(`${restUrl}/${TABLE}`);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ message: 'No API key found in request', hint: 'No `apikey` request header or url param was found.' });
  });

  it('refuses a key that is not a JWT, or is signed with another secret, or has expired', async () => {
    const forged = await signed({ role: 'service_role' }, 'not-the-project-secret-but-long-enough-to-sign');
    const expired = await signed({ role: 'anon' }, jwtSecret, Math.floor(Date.now() / 1000) - 60);
    for (const key of ['nope', forged, expired]) {
      const response = await fetch(`${restUrl}/${TABLE}`, { headers: { apikey: key } });
      expect(response.status).toBe(401);
      expect((await response.json()).message).toBe('Invalid API key');
    }
  });

  it('accepts the anon key as a header or as the apikey query parameter, which is not passed on', async () => {
    const viaHeader = await fetch(`${restUrl}/${TABLE}?select=id&order=id&limit=2`, { headers: { apikey: anonKey } });
    expect(await viaHeader.json()).toEqual([{ id: 1 }, { id: 2 }]);
    // PostgREST would read a leftover apikey parameter as a filter on a column named apikey.
    const viaQuery = await fetch(`${restUrl}/${TABLE}?select=id&apikey=${anonKey}&order=id&limit=2`);
    expect(viaQuery.status).toBe(200);
    expect(await viaQuery.json()).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('answers an unknown route with 404, like Kong', async () => {
    const response = await fetch(`${apiUrl}/storage/v1/bucket`, { headers: { apikey: anonKey } });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: 'no Route matched with those values' });
  });
});

describe('CORS', () => {
  const preflight = (origin: string, path = `${restUrl}/${TABLE}`) =>
    fetch(path, {
      method: 'OPTIONS',
      headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'apikey, authorization, content-type, x-client-info, prefer' },
    });

  it('answers a preflight from the app\'s origins and any loopback port', async () => {
    for (const origin of ['http://127.0.0.1:5173', 'http://localhost:5173', 'http://127.0.0.1:41733']) {
      const response = await preflight(origin);
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(origin);
      expect(response.headers.get('access-control-allow-headers')).toContain('x-client-info');
      expect(response.headers.get('access-control-allow-methods')).toContain('PATCH');
    }
    // Auth sits behind the same rules.
    const auth = await preflight('http://localhost:5173', `${apiUrl}/auth/v1/token?grant_type=password`);
    expect(auth.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
  });

  it('does not allow a foreign origin', async () => {
    const response = await preflight('https://evil.example');
    expect(response.status).toBe(403);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('labels responses for the app\'s origin (replacing PostgREST\'s own) and exposes Content-Range', async () => {
    const response = await fetch(`${restUrl}/${TABLE}?select=id&limit=3`, {
      headers: { apikey: anonKey, Origin: 'http://localhost:5173', Prefer: 'count=exact' },
    });
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(response.headers.get('access-control-expose-headers')).toContain('content-range');
    expect(response.headers.get('content-range')).toBe('0-2/30');
    const foreign = await fetch(`${restUrl}/${TABLE}?select=id&limit=1`, { headers: { apikey: anonKey, Origin: 'https://evil.example' } });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('forwarding', () => {
  it('appends the client address to X-Forwarded-For and sets the X-Forwarded-* headers', async () => {
    const response = await fetch(`${functionsUrl}/env-test`, { headers: { apikey: anonKey, 'X-Forwarded-For': '203.0.113.7' } });
    const { headers, path } = await response.json();
    expect(headers['x-forwarded-for']).toBe('203.0.113.7, 127.0.0.1');
    expect(headers['x-forwarded-proto']).toBe('http');
    expect(headers['x-forwarded-host']).toBe('127.0.0.1');
    expect(headers['x-forwarded-prefix']).toBe('/functions/v1');
    expect(path).toBe('/env-test');
  });

  it('gives a request with only an apikey header that key as its Authorization (Kong\'s request-transformer)', async () => {
    const response = await fetch(`${functionsUrl}/env-test`, { headers: { apikey: serviceRoleKey } });
    expect((await response.json()).headers.authorization).toBe(`Bearer ${serviceRoleKey}`);
  });
});

describe('streaming', () => {
  it('passes a streamed function response through chunk by chunk, not buffered', async () => {
    // Warm the function so its first chunk is not delayed by loading.
    await (await fetch(`${functionsUrl}/stream-test?chunks=1&delay=0`, { headers: { apikey: anonKey } })).text();

    const chunks = 5;
    const delay = 300;
    const started = performance.now();
    const response = await fetch(`${functionsUrl}/stream-test?chunks=${chunks}&delay=${delay}`, { headers: { apikey: anonKey } });
    expect(response.headers.get('content-type')).toBe('application/x-ndjson');
    const reader = response.body!.getReader();
    const arrivals: number[] = [];
    let text = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      arrivals.push(performance.now() - started);
      text += new TextDecoder().decode(value);
    }
    const total = performance.now() - started;
    expect(text.trim().split('\n')).toHaveLength(chunks);
    // The first line arrives long before the last is written (4 × 300 ms later)...
    expect(arrivals[0]).toBeLessThan(total - 3 * delay);
    // ...and lines arrive separately, not as one buffered blob at the end.
    expect(arrivals.length).toBeGreaterThanOrEqual(chunks - 1);
  });
});

describe('an answer that comes before the whole request body', () => {
  /** A raw keep-alive connection to the gateway: what was received so far, and a way to wait for more. */
  async function rawConnection() {
    const socket = net.connect(instance.apiPort, '127.0.0.1');
    await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    let received = '';
    socket.on('data', (data: Buffer) => (received += data.toString('latin1')));
    // A status line can follow the previous body on the same line (a JSON body ends without a newline).
    const responses = () => received.match(/HTTP\/1\.1 \d{3}/g) ?? [];
    return {
      socket,
      responses,
      /** The status lines received once there are `count`, or as many as arrived within 3 s. */
      async until(count: number) {
        const deadline = Date.now() + 3000;
        while (responses().length < count && Date.now() < deadline && !socket.destroyed) await new Promise((resolve) => setTimeout(resolve, 10));
        return responses();
      },
    };
  }

  // env-test answers without reading the body, as a function refusing a body (413) does: the answer
  // is out while the client is still sending. The client then sends the rest, and its next request
  // on the same connection, as HTTP/1.1 clients do.
  for (const framing of ['Content-Length', 'chunked'] as const) {
    it(`keeps the kept-alive connection usable: the next request on it is answered (${framing})`, async () => {
      const connection = await rawConnection();
      const part = Buffer.alloc(16 * 1024, 'a');
      const frame = (data: Buffer) => (framing === 'chunked' ? Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from('\r\n')]) : data);
      const parts = 16;
      connection.socket.write(
        `POST /functions/v1/env-test HTTP/1.1\r\nHost: 127.0.0.1\r\napikey: ${anonKey}\r\ncontent-type: application/json\r\n` +
          (framing === 'chunked' ? 'transfer-encoding: chunked\r\n\r\n' : `content-length: ${parts * part.length}\r\n\r\n`),
      );
      connection.socket.write(frame(part));
      expect(await connection.until(1)).toEqual(['HTTP/1.1 200']);

      for (let i = 1; i < parts; i++) connection.socket.write(frame(part));
      if (framing === 'chunked') connection.socket.write('0\r\n\r\n');
      connection.socket.write(`GET /rest/v1/${TABLE}?select=id&limit=1 HTTP/1.1\r\nHost: 127.0.0.1\r\napikey: ${anonKey}\r\n\r\n`);
      expect(await connection.until(2)).toEqual(['HTTP/1.1 200', 'HTTP/1.1 200']);
      connection.socket.destroy();
    });
  }
});
