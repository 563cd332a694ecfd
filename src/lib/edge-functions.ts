/** Calling the deployment's Edge Functions with the signed-in user's session (every feature's way in). */
import { getEnv } from '@/config/env';
import { ExplainedError, functionErrorOf, SESSION_EXPIRED_MESSAGE } from '@/lib/errors';
import { supabase } from '@/lib/supabase';

/** A failed Edge Function call: the function's own error code and a sentence a person can act on. */
export class FunctionError extends ExplainedError {
  constructor(
    readonly functionName: string,
    readonly status: number,
    code: string,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(code, message);
    this.name = 'FunctionError';
  }
}

const FUNCTION_LABELS: Record<string, string> = {
  lockbox: 'key storage',
  discovery: 'model discovery',
  health: 'health check',
  'server-config': 'configuration',
  runtime: 'model runtime',
};

async function accessToken(name: string): Promise<string> {
  const { data, error } = await supabase.auth.getSession();
  const token = data.session?.access_token;
  if (error || !token) throw new FunctionError(name, 401, 'unauthorized', 'Your session has ended. Sign in again, then retry.');
  return token;
}

function retryAfterOf(response: Response): number | undefined {
  const value = response.headers.get('retry-after');
  return value && /^\d+$/.test(value.trim()) ? Number(value) : undefined;
}

/** Turns a non-2xx answer into a FunctionError with a sentence a person can act on. */
async function errorFrom(name: string, response: Response): Promise<FunctionError> {
  const label = FUNCTION_LABELS[name] ?? name;
  const retryAfter = retryAfterOf(response);
  let body: unknown = null;
  const text = await response.text().catch(() => '');
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  const { code, message } = functionErrorOf(body);

  if (response.status === 429) {
    const wait = retryAfter !== undefined ? `Try again in ${retryAfter} second${retryAfter === 1 ? '' : 's'}.` : 'Wait a moment and try again.';
    return new FunctionError(name, 429, code ?? 'rate_limited', message && /try again/i.test(message) ? message : `${message ?? 'Too many requests in a short time.'} ${wait}`, retryAfter);
  }
  if (code && message) return new FunctionError(name, response.status, code, message, retryAfter);
  if (response.status === 401) return new FunctionError(name, 401, 'unauthorized', SESSION_EXPIRED_MESSAGE);
  if (response.status === 404) {
    return new FunctionError(name, 404, 'function_missing', `This server has no ${label} service yet (the “${name}” Edge Function is not deployed). Ask whoever runs it to deploy the functions.`);
  }
  return new FunctionError(name, response.status, 'server_error', `The server's ${label} service failed (HTTP ${response.status}). Try again in a moment.`);
}

export interface InvokeOptions {
  method?: 'GET' | 'POST';
  body?: unknown;
  signal?: AbortSignal;
  accept?: string;
}

/**
 * Calls an Edge Function with the user's session and answers its Response once it is 2xx. Failures
 * (unreachable, `{ error: { code, message } }`, gateway errors) become FunctionError.
 */
export async function invokeFunctionRaw(name: string, options: InvokeOptions = {}): Promise<Response> {
  const env = getEnv();
  const token = await accessToken(name);
  const headers: Record<string, string> = {
    Authorization: `Bearer ${token}`,
    apikey: env.VITE_SUPABASE_ANON_KEY,
    Accept: options.accept ?? 'application/json',
  };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`${env.VITE_SUPABASE_URL.replace(/\/$/, '')}/functions/v1/${name}`, {
      method: options.method ?? 'POST',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    const label = FUNCTION_LABELS[name] ?? name;
    throw new FunctionError(
      name,
      0,
      'unreachable',
      `Couldn't reach the server's ${label} service. Check your internet connection; if it keeps happening, the “${name}” Edge Function may not be deployed.`,
    );
  }
  if (!response.ok) throw await errorFrom(name, response);
  return response;
}

/** Like invokeFunctionRaw, for JSON answers. */
export async function invokeFunction<T>(name: string, options: InvokeOptions = {}): Promise<T> {
  const response = await invokeFunctionRaw(name, options);
  try {
    return (await response.json()) as T;
  } catch {
    throw new FunctionError(name, response.status, 'bad_response', `The server's ${FUNCTION_LABELS[name] ?? name} service sent an unreadable answer. Try again.`);
  }
}
