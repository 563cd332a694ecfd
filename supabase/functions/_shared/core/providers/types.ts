/** The one shape every provider's model list is normalized to. */

export const CAPABILITIES = [
  'chat',
  'completion',
  'embedding',
  'vision',
  'tools',
  'reasoning',
  'audio',
  'image',
] as const;
export type Capability = typeof CAPABILITIES[number];

export interface ModelPricing {
  /** USD per million input (prompt) tokens. */
  promptPerMillion: number;
  /** USD per million output (completion) tokens. */
  completionPerMillion: number;
  currency: 'USD';
}

export interface NormalizedModel {
  /** Exactly as the provider names it ("gpt-4o", "openai/gpt-4o", "llama3.2:latest"): never rewritten. */
  modelId: string;
  displayName: string;
  contextLength?: number;
  capabilities: Capability[];
  pricing?: ModelPricing;
  sizeBytes?: number;
  family?: string;
  parameterSize?: string;
  quantization?: string;
  /** Local runtimes only: whether the model is in memory now. */
  loaded?: boolean;
  /** Small provider-specific extras worth keeping (models.details): digest, owner, description... */
  details?: Record<string, string | number | boolean>;
}

/** Discovery protocols. The first six match provider_kinds.discovery_adapter; gemini and custom are extra. */
export const ADAPTER_IDS = [
  'openai',
  'anthropic',
  'openrouter',
  'together',
  'gemini',
  'ollama',
  'lmstudio',
  'custom',
] as const;
export type AdapterId = typeof ADAPTER_IDS[number];

export type AuthScheme = 'bearer' | 'header' | 'query' | 'none';

/** Everything needed to call one connection's model list. */
export interface ConnectionTarget {
  /** Provider kind (provider_kinds.id), e.g. "openai", "ollama", "custom". */
  kind: string;
  adapter: AdapterId;
  /** As stored on the connection, e.g. "https://api.openai.com" or "http://localhost:11434". */
  baseUrl: string;
  /** e.g. "/v1/models"; appended to the base URL (see url.ts for how prefixes overlap). */
  modelsPath: string;
  authScheme: AuthScheme;
  /** Header (scheme "header") or query parameter (scheme "query") that carries the key. */
  authName?: string | null;
  /** Sent with every request, e.g. {"anthropic-version": "2023-06-01"}. */
  defaultHeaders?: Record<string, string>;
  apiKey?: string | null;
}

/** One page of a parsed model list. */
export interface ParsedPage {
  models: NormalizedModel[];
  /** Entries that were not model objects (skipped, and the list reported as partial). */
  skipped: number;
  /** Where the next page starts, for paginated APIs (Anthropic after_id, Gemini pageToken). */
  nextCursor?: string;
}

export interface DiscoveryAdapter {
  id: AdapterId;
  /** Query parameters for a page (first page: cursor undefined). */
  pageQuery?(cursor: string | undefined): Record<string, string>;
  /** Parses a JSON body. Throws ShapeError when the body is not this protocol's model list. */
  parse(body: unknown): ParsedPage;
}

/** The body parsed as JSON, but it is not the model list this adapter expects. */
export class ShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShapeError';
  }
}
