import { KEEP_ALIVE } from '@core/chat/keep-alive.ts';
import type { GenerationParameters } from '../types/generations';

export interface ParameterFields {
  temperature: string;
  top_p: string;
  max_tokens: string;
  context_length: string;
  keep_alive: string;
}


type Parsed = { ok: true; parameters: GenerationParameters } | { ok: false; errors: Partial<Record<keyof ParameterFields, string>> };

/** The playground's parameter fields: empty means "the model's default"; ranges as the generate function checks them. */
export function parseRunParameters(fields: ParameterFields): Parsed {
  const errors: Partial<Record<keyof ParameterFields, string>> = {};
  const parameters: GenerationParameters = {};
  const number = (name: 'temperature' | 'top_p' | 'max_tokens' | 'context_length', min: number, max: number, integer: boolean, message: string) => {
    const raw = fields[name].trim();
    if (raw === '') return;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) errors[name] = message;
    else parameters[name] = value;
  };
  number('temperature', 0, 2, false, 'Temperature is a number from 0 to 2.');
  number('top_p', 0, 1, false, 'Top P is a number from 0 to 1.');
  number('max_tokens', 1, 1_000_000, true, 'Max tokens is a whole number from 1 to 1,000,000.');
  number('context_length', 1, 10_000_000, true, 'Context length is a whole number of tokens.');
  const keepAlive = fields.keep_alive.trim();
  if (keepAlive !== '') {
    if (KEEP_ALIVE.test(keepAlive)) parameters.keep_alive = keepAlive;
    else errors.keep_alive = 'Keep alive is a duration such as 5m, 1h or -1 (forever).';
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, parameters };
}
