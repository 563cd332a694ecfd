import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { printableText, storableText, unstorableTextMessage } from './storable-text';

describe('storableText', () => {
  const name = z.string().check(storableText('The name')).trim().min(1, 'Give it a name.');

  it('refuses a NUL and lone surrogates of either half with a sentence naming the field', () => {
    for (const text of ['a\u0000b', '\ud800', 'x\ud800y', '\udc00x', 'x\udfff']) {
      const result = name.safeParse(text);
      expect(result.success, JSON.stringify(text)).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(/^The name contains (a NUL character|a broken Unicode character)/);
    }
  });

  it('comes first, before the checks after it', () => {
    expect(name.safeParse('\u0000').error?.issues[0]?.message).toBe(unstorableTextMessage('The name', '\u0000'));
  });

  it('accepts whole surrogate pairs and ordinary text', () => {
    expect(name.parse(' Llama 🦙 ')).toBe('Llama 🦙');
  });
});

describe('printableText', () => {
  it('turns what cannot be shown into the replacement character, and keeps the rest', () => {
    expect(printableText('a\u0000b\ud800c🦙')).toBe('a\ufffdb\ufffdc🦙');
  });
});
