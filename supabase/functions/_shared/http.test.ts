import assert from 'node:assert/strict';
import { allowMethods, corsHeaders, errorResponse, handle, HttpError, json } from './http.ts';

Deno.test('json() answers JSON with CORS headers and the given status', async () => {
  const response = json({ ok: true }, { status: 201 });
  assert.equal(response.status, 201);
  assert.equal(response.headers.get('content-type'), 'application/json; charset=utf-8');
  assert.equal(response.headers.get('access-control-allow-origin'), '*');
  assert.deepEqual(await response.json(), { ok: true });
});

Deno.test('errorResponse() uses the { error: { code, message } } shape', async () => {
  const response = errorResponse(422, 'bad_input', 'Name is required.');
  assert.equal(response.status, 422);
  assert.deepEqual(await response.json(), { error: { code: 'bad_input', message: 'Name is required.' } });
});

Deno.test('handle() answers preflights itself, without calling the handler', async () => {
  let called = false;
  const handler = handle(() => {
    called = true;
    return json({});
  });
  const response = await handler(new Request('http://x/fn', { method: 'OPTIONS' }));
  assert.equal(response.status, 204);
  assert.equal(called, false);
  assert.equal(response.headers.get('access-control-allow-headers'), corsHeaders['Access-Control-Allow-Headers']);
});

Deno.test('handle() turns HttpError into its status and code', async () => {
  const response = await handle(() => {
    throw new HttpError(404, 'not_found', 'No such connection.');
  })(new Request('http://x/fn'));
  assert.equal(response.status, 404);
  assert.deepEqual(await response.json(), { error: { code: 'not_found', message: 'No such connection.' } });
});

Deno.test('handle() hides unexpected errors behind a 500 internal_error', async () => {
  const originalError = console.error;
  console.error = () => {};
  try {
    const response = await handle(() => {
      throw new Error('database password is hunter2');
    })(new Request('http://x/fn'));
    assert.equal(response.status, 500);
    const body = await response.json();
    assert.equal(body.error.code, 'internal_error');
    assert.doesNotMatch(JSON.stringify(body), /hunter2/);
  } finally {
    console.error = originalError;
  }
});

Deno.test('allowMethods() rejects other methods with 405', () => {
  allowMethods(new Request('http://x', { method: 'POST' }), 'GET', 'POST');
  assert.throws(
    () => allowMethods(new Request('http://x', { method: 'DELETE' }), 'GET', 'POST'),
    (e: unknown) => e instanceof HttpError && e.status === 405 && e.code === 'method_not_allowed',
  );
});
