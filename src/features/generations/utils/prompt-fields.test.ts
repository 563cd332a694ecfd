import { describe, expect, it } from 'vitest';
import { FunctionError } from '@/lib/edge-functions';
import { promptProblems, runErrorField } from './prompt-fields';

describe('promptProblems', () => {
  it('asks for a prompt, whatever the path', () => {
    expect(promptProblems('  ', '', false)).toEqual({ prompt: 'Write a prompt first.' });
    expect(promptProblems('  ', '', true)).toEqual({ prompt: 'Write a prompt first.' });
  });

  it('refuses text the browser could not record, next to its field, when the run goes through the browser', () => {
    expect(promptProblems('Hello\u0000', 'Be \ud800brief', true)).toEqual({
      prompt: 'The prompt contains a NUL character (\\u0000), which cannot be stored. Delete it (it may be invisible), then try again.',
      system_prompt: 'The system prompt contains a broken Unicode character (a lone UTF-16 surrogate), which cannot be stored. Delete it (it may be invisible), then try again.',
    });
    expect(promptProblems('\u0000', '', true).prompt).toMatch(/^The prompt contains a NUL character/);
    expect(promptProblems('A llama 🦙', 'Be brief.', true)).toEqual({});
  });

  it('leaves such text to the generate function when the run goes through the server', () => {
    expect(promptProblems('Hello\u0000', '', false)).toEqual({});
  });
});

describe('runErrorField', () => {
  it('finds the field the generate function named in its 400 answer', () => {
    const refusal = (message: string) => new FunctionError('generate', 400, 'invalid_request', message);
    expect(runErrorField(refusal('prompt contains a NUL character (\\u0000), which cannot be stored. Remove it and send the text again.'))).toBe('prompt');
    expect(runErrorField(refusal('system_prompt contains a broken Unicode character (a lone UTF-16 surrogate), which cannot be stored.'))).toBe('system_prompt');
    expect(runErrorField(refusal('model_id must be the model id as the connection lists it.'))).toBe('model');
    expect(runErrorField(refusal('parameters.temperature: temperature goes from 0 to 2.'))).toBeNull();
  });

  it('leaves other failures to the output', () => {
    expect(runErrorField(new FunctionError('generate', 502, 'upstream_error', 'prompt went wrong upstream.'))).toBeNull();
    expect(runErrorField(new Error('prompt'))).toBeNull();
  });
});
