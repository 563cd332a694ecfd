import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../types/connections';
import { summarize } from './use-check-all';
import { modelsAreStale } from './use-refresh-when-stale';

const result = (status: CheckResult['status']): CheckResult => ({ connectionId: status, status, latencyMs: null, checkedAt: '' });

describe('check-all summary', () => {
  it('counts results as a sentence', () => {
    expect(summarize([result('healthy'), result('healthy'), result('unhealthy'), result('unknown')])).toBe('Checked 4 connections: 2 healthy, 1 unhealthy and 1 not checked.');
    expect(summarize([result('degraded')])).toBe('Checked 1 connection: 1 degraded.');
  });
});

describe('modelsAreStale', () => {
  const now = Date.parse('2026-11-25T12:00:00Z');
  it('is stale when never fetched or older than a day', () => {
    expect(modelsAreStale(null, now)).toBe(true);
    expect(modelsAreStale('2026-11-24T11:00:00Z', now)).toBe(true);
    expect(modelsAreStale('2026-11-25T11:00:00Z', now)).toBe(false);
  });
});
