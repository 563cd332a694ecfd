import { describe, expect, it } from 'vitest';
import { formatContextLength } from './format';

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
