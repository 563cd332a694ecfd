import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FunctionError } from '@/lib/edge-functions';
import type { RuntimeConnection } from '../types/runtime';
import { supabaseRuntimeApi } from './runtime-api';

const invokeFunction = vi.hoisted(() => vi.fn());
vi.mock('@/lib/edge-functions', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/lib/edge-functions')>()),
  invokeFunction,
}));

const connection: RuntimeConnection = {
  id: 'c1',
  name: 'Home Ollama',
  kind: 'ollama',
  base_url: 'http://ollama.example:11434',
  probe_from: 'server',
  enabled: true,
  adapter: 'ollama',
  kind_label: 'Ollama',
};

const model = {
  model_id: 'llama3.2:latest',
  size_bytes: 1,
  family: 'llama',
  parameter_size: '3B',
  quantization: 'Q4_K_M',
  loaded: true,
  memory_bytes: 2,
  expires_at: null,
  context_length: null,
  status: 'running',
  status_at: '2026-11-20T08:00:00+00:00',
  error: null,
  known: true,
  installed: true,
};

describe('supabaseRuntimeApi.status', () => {
  beforeEach(() => invokeFunction.mockReset());

  it('answers the live snapshot when the server was reached', async () => {
    invokeFunction.mockResolvedValue({ connection_id: 'c1', checked_at: '2026-11-25T10:00:00Z', reachable: true, models: [{ ...model, last_known: false }] });
    const snapshot = await supabaseRuntimeApi.status(connection);
    expect(snapshot).toEqual({ connection_id: 'c1', checked_at: '2026-11-25T10:00:00Z', models: [{ ...model, last_known: false }], source: 'live' });
    expect(invokeFunction).toHaveBeenCalledWith('runtime', { body: { connection_id: 'c1', action: 'status' }, signal: undefined });
  });

  it('turns a 200 "not reachable" into a failed poll carrying the server\'s reason, so the page shows the last known status and backs off', async () => {
    invokeFunction.mockResolvedValue({
      connection_id: 'c1',
      checked_at: '2026-11-25T10:00:00Z',
      reachable: false,
      error: { code: 'connection_refused', message: 'Nothing answered at ollama.example:11434: the connection was refused.' },
      models: [{ ...model, last_known: true }],
    });
    const failure = await supabaseRuntimeApi.status(connection).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(FunctionError);
    expect(failure).toMatchObject({ functionName: 'runtime', code: 'connection_refused', message: 'Nothing answered at ollama.example:11434: the connection was refused.' });
  });
});
