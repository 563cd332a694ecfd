import { describe, expect, it } from 'vitest';
import { copyName, presetFormSchema, toFormValues } from './preset-schema';

const form = (patch: Partial<ReturnType<typeof toFormValues>>) => ({ ...toFormValues(null), name: 'Writer', ...patch });

describe('presetFormSchema', () => {
  it('turns typed text into typed values, empty fields into "not set"', () => {
    expect(presetFormSchema.parse(form({ temperature: '0.7', max_tokens: '1024', keep_alive: ' 10m ', model_id: 'llama3.2:latest' }))).toEqual({
      name: 'Writer',
      connection_id: null,
      model_id: 'llama3.2:latest',
      temperature: 0.7,
      top_p: null,
      max_tokens: 1024,
      context_length: null,
      system_prompt: null,
      keep_alive: '10m',
    });
  });

  it.each([
    [{ name: '   ' }, 'name', /Give the preset a name/],
    [{ temperature: '3' }, 'temperature', /0 to 2/],
    [{ temperature: 'warm' }, 'temperature', /number from 0 to 2/],
    [{ top_p: '-0.1' }, 'top_p', /0 to 1/],
    [{ max_tokens: '10.5' }, 'max_tokens', /whole number/],
    [{ context_length: '0' }, 'context_length', /at least 1/],
    [{ keep_alive: 'forever' }, 'keep_alive', /5m, 1h or -1/],
    [{ name: 'Writer\u0000' }, 'name', /^The name contains a NUL character \(\\u0000\), which cannot be stored\./],
    [{ name: '\udfffWriter' }, 'name', /^The name contains a broken Unicode character/],
    [{ model_id: 'llama\u0000' }, 'model_id', /^The model id contains a NUL character/],
    [{ system_prompt: 'Be brief.\ud83d' }, 'system_prompt', /^The system prompt contains a broken Unicode character/],
  ])('refuses %o with a message for the %s field', (patch, field, message) => {
    const result = presetFormSchema.safeParse(form(patch));
    expect(result.success).toBe(false);
    const issue = result.error?.issues.find((i) => i.path[0] === field);
    expect(issue?.message).toMatch(message);
  });
});

describe('copyName', () => {
  it('finds the first free "(copy)" name, ignoring case', () => {
    expect(copyName('Writer', ['Writer'])).toBe('Writer (copy)');
    expect(copyName('Writer', ['Writer', 'writer (COPY)'])).toBe('Writer (copy 2)');
    expect(copyName('Writer (copy)', ['Writer', 'Writer (copy)'])).toBe('Writer (copy 2)');
  });
});
