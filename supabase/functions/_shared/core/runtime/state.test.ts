import assert from 'node:assert/strict';
import { changedFields, lastKnownView, liveView, observedPatch, type RuntimeRow, storableBytes, storableTimestamp } from './state.ts';

const row: RuntimeRow = {
  model_id: 'llama3.2:latest',
  size_bytes: 2_019_393_189,
  family: 'llama',
  parameter_size: '3.2B',
  quantization: 'Q4_K_M',
  available: true,
  runtime_status: 'idle',
  runtime_status_at: '2026-11-25T10:00:00+00:00',
  runtime_error: null,
  runtime_memory_bytes: null,
  runtime_expires_at: null,
};
const now = Date.parse('2026-11-25T10:01:00Z');

Deno.test('a loaded model is running, with only the memory and expiry the columns can hold', () => {
  assert.deepEqual(observedPatch({ modelId: row.model_id, loaded: true, memoryBytes: 3_000_000_000, expiresAt: '2026-11-25T10:05:00+00:00' }, row, now), {
    runtime_status: 'running',
    runtime_memory_bytes: 3_000_000_000,
    runtime_expires_at: '2026-11-25T10:05:00.000Z',
    runtime_error: null,
  });
  assert.deepEqual(observedPatch({ modelId: row.model_id, loaded: true, memoryBytes: -1, expiresAt: '+010000-01-01T00:00:00Z' }, row, now), {
    runtime_status: 'running',
    runtime_memory_bytes: null,
    runtime_expires_at: null,
    runtime_error: null,
  });
  assert.equal(storableBytes(2 ** 60), null);
  assert.equal(storableTimestamp('not a date'), null);
});

Deno.test('another device\'s fresh "loading" is left alone; a stale one, or this caller\'s own, becomes idle', () => {
  const loading = { ...row, runtime_status: 'loading' as const, runtime_status_at: new Date(now - 60_000).toISOString() };
  assert.deepEqual(observedPatch(undefined, loading, now), {});
  const idle = { runtime_status: 'idle', runtime_memory_bytes: null, runtime_expires_at: null };
  assert.deepEqual(observedPatch({ modelId: row.model_id, loaded: false }, loading, now, true), idle);
  assert.deepEqual(observedPatch(undefined, { ...loading, runtime_status_at: new Date(now - 10 * 60_000).toISOString() }, now), idle);
});

Deno.test('only what changed is written: the same instant in PostgREST\'s spelling is no change', () => {
  const running = { ...row, runtime_status: 'running' as const, runtime_expires_at: '2026-11-25T10:05:00+00:00', runtime_memory_bytes: 5 };
  assert.equal(changedFields(running, { runtime_status: 'running', runtime_expires_at: '2026-11-25T10:05:00.000Z', runtime_memory_bytes: 5 }), null);
  assert.deepEqual(changedFields(running, { runtime_status: 'idle', runtime_expires_at: null }), { runtime_status: 'idle', runtime_expires_at: null });
});

Deno.test('views: live from the server with the stored status, or last known from the row', () => {
  const live = liveView({ modelId: row.model_id, loaded: true, sizeBytes: 7, loadedContextLength: 8192 }, row, row.model_id);
  assert.equal(live.status, 'idle', 'the stored status is what other devices see');
  assert.equal(live.context_length, 8192);
  assert.equal(live.known, true);
  assert.equal(live.last_known, false);
  const unknown = liveView({ modelId: 'new', loaded: true }, undefined, 'new');
  assert.deepEqual([unknown.status, unknown.known, unknown.installed], ['running', false, true]);
  const last = lastKnownView({ ...row, runtime_status: 'running', runtime_memory_bytes: 9 });
  assert.deepEqual([last.loaded, last.memory_bytes, last.last_known, last.installed], [true, 9, true, true]);
});
