import assert from 'node:assert/strict';
import { KEEP_ALIVE } from './keep-alive.ts';

Deno.test('keep_alive: durations and "forever" pass, anything else does not', () => {
  for (const ok of ['5m', '1h', '1h30m', '90', '-1', '0', '2.5s', '500ms']) assert.ok(KEEP_ALIVE.test(ok), ok);
  for (const bad of ['', 'forever', '5 m', 'm5', '1d', '-', '5m;drop']) assert.ok(!KEEP_ALIVE.test(bad), bad);
});
