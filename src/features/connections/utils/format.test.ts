import { describe, expect, it } from 'vitest';
import { describeStatus, formatLatency, toHealthStatus } from './format';

describe('status and numbers', () => {
  it('treats anything unexpected as unknown, never healthy', () => {
    expect(toHealthStatus('healthy')).toBe('healthy');
    expect(toHealthStatus('HEALTHY')).toBe('unknown');
    expect(toHealthStatus(null)).toBe('unknown');
  });

  it('says "Not checked yet" only for a connection nobody checked', () => {
    expect(describeStatus('unknown', null)).toBe('Not checked yet');
    expect(describeStatus('unknown', '2026-11-25T12:00:00Z')).toBe('Unknown');
    expect(describeStatus('degraded', null)).toBe('Degraded');
  });

  it('formats latency in ms, then seconds', () => {
    expect(formatLatency(84)).toBe('84 ms');
    expect(formatLatency(999.6)).toBe('1000 ms');
    expect(formatLatency(1234)).toBe('1.2 s');
    expect(formatLatency(5000)).toBe('5 s');
    expect(formatLatency(12_345)).toBe('12 s');
    expect(formatLatency(null)).toBe('—');
  });
});
