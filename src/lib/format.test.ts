import { describe, expect, it } from 'vitest';
import { formatBytes, formatContextLength, formatRelativeTime, joinWords, plural } from './format';

describe('formatContextLength', () => {
  it.each([
    // Stated in binary units, as Llama's and Gemini's windows are: 1024-based, as their docs say them.
    [4_096, '4K'],
    [8_192, '8K'],
    [32_768, '32K'],
    [131_072, '128K'],
    [1_048_576, '1M'],
    [1_572_864, '1.5M'],
    [2_097_152, '2M'],
    // Stated in decimal, as OpenAI's and Anthropic's are: 1000-based.
    [128_000, '128K'],
    [200_000, '200K'],
    [1_000_000, '1M'],
    [1_047_576, '1M'],
    [999_999, '1M'],
    // Under a thousand, the number itself.
    [512, '512'],
  ])('%i tokens read "%s"', (tokens, expected) => {
    expect(formatContextLength(tokens)).toBe(expected);
  });

  it('says an unknown window with a dash', () => {
    expect(formatContextLength(null)).toBe('—');
    expect(formatContextLength(undefined)).toBe('—');
  });
});

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

describe('numbers and words', () => {
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
