import assert from 'node:assert/strict';
import { fromByteaHex, toByteaHex } from './bytea.ts';

Deno.test('bytea hex round trip, as PostgREST sends it', () => {
  const bytes = new Uint8Array([0, 1, 127, 128, 254, 255]);
  assert.equal(toByteaHex(bytes), '\\x00017f80feff');
  assert.deepEqual(fromByteaHex('\\x00017F80FEFF'), bytes);
  assert.deepEqual(fromByteaHex('\\x'), new Uint8Array());
  for (const bad of ['00017f', '\\x0', '\\xzz', 'abc\\000']) assert.throws(() => fromByteaHex(bad), TypeError, bad);
});
