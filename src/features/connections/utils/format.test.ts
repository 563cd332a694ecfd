import { describe, expect, it } from 'vitest';
import { describeStatus, formatLatency, toHealthStatus } from './format';
import { formatBytes, formatRelativeTime, formatContextLength, joinWords, plural } from '@/lib/format';

const now = new Date('2026-11-25T12:00:00Z');
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000).toISOString();

describe('formatRelativeTime', () => {
  it.each([
    [10, 'just now'],
    [44, 'just now'],
    [90, '2 minutes ago'],
    [5 * 60, '5 minutes ago'],
    [59 * 60, '1 hour ago'],
    [3 * 3600, '3 hours ago'],
    [26 * 3600, 'yesterday'],
    [3 * 86400, '3 days ago'],
    [14 * 86400, '2 weeks ago'],
    [400 * 86400, 'last year'],
  ])('%i seconds ago reads "%s"', (seconds, expected) => {
    expect(formatRelativeTime(ago(seconds), now)).toBe(expected);
  });

  it('reads future times forward', () => {
    expect(formatRelativeTime(new Date(now.getTime() + 2 * 3600 * 1000), now)).toBe('in 2 hours');
  });

  it('says "Never" (or the caller\'s word) for missing and unparsable times', () => {
    expect(formatRelativeTime(null, now)).toBe('Never');
    expect(formatRelativeTime(undefined, now, 'Not yet')).toBe('Not yet');
    expect(formatRelativeTime('not a date', now)).toBe('Never');
  });
});

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

  it('pluralizes, joins and abbreviates', () => {
    expect(plural(1, 'model')).toBe('1 model');
    expect(plural(1200, 'model')).toBe('1,200 models');
    expect(plural(2, 'entry', 'entries')).toBe('2 entries');
    expect(joinWords(['Name'])).toBe('Name');
    expect(joinWords(['Name', 'base URL', 'kind'])).toBe('Name, base URL and kind');
    expect(formatContextLength(131072)).toBe('128K');
    expect(formatContextLength(1048576)).toBe('1M');
    expect(formatContextLength(200000)).toBe('200K');
    expect(formatContextLength(null)).toBe('—');
    expect(formatBytes(4_700_000_000)).toBe('4.7 GB');
    expect(formatBytes(137_000_000)).toBe('137 MB');
  });
});
