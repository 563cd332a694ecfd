/**
 * Which API key a request uses, and where it came from (the UI shows "Your key", "Server key" or
 * "No key"). Precedence, per the product spec: the user's lockbox key, then a deployment-wide key
 * from function secrets, then none.
 */

export type KeySource = 'user' | 'server' | 'none';

export interface ResolvedKey {
  key: string | null;
  source: KeySource;
  /** The secret that supplied a server key, for messages ("set by OPENAI_API_KEY"). */
  envName?: string;
}

/** Default server-key variables per kind; provider_kinds.server_key_env overrides them. */
export const SERVER_KEY_ENV: Readonly<Record<string, string>> = {
  openai: 'OPENAI_API_KEY',
  anthropic: 'ANTHROPIC_API_KEY',
  openrouter: 'OPENROUTER_API_KEY',
  requesty: 'REQUESTY_API_KEY',
  groq: 'GROQ_API_KEY',
  mistral: 'MISTRAL_API_KEY',
  gemini: 'GEMINI_API_KEY',
  together: 'TOGETHER_API_KEY',
};

export interface KeyResolutionInput {
  kind: string;
  /** The decrypted lockbox key, if the connection has one. */
  lockboxKey?: string | null;
  /** provider_kinds.server_key_env when known; otherwise SERVER_KEY_ENV[kind]. Null: this kind has none. */
  serverKeyEnv?: string | null;
  /** Reads function secrets (Deno.env.get in production). */
  env: (name: string) => string | undefined;
}

/**
 * Keys travel in HTTP headers, which carry bytes, not text: a character outside printable ASCII
 * makes `Headers.set` throw (or is sent as something else). Every provider's keys are plain ASCII,
 * so anything else is a paste mistake.
 */
export function isHeaderSafeKey(key: string): boolean {
  return /^[\x20-\x7e]*$/.test(key);
}

export function resolveApiKey(input: KeyResolutionInput): ResolvedKey {
  const user = input.lockboxKey?.trim();
  if (user) return { key: user, source: 'user' };
  const envName = input.serverKeyEnv === undefined ? SERVER_KEY_ENV[input.kind] : input.serverKeyEnv;
  // Self-hosted kinds have no server key: a deployment's OpenAI key must never go to a user's server.
  if (envName) {
    const server = input.env(envName)?.trim();
    if (server) return { key: server, source: 'server', envName };
  }
  return { key: null, source: 'none' };
}
