/**
 * One string per (connection, model) for maps and sets. Connection ids are uuids and never contain
 * "/", so the first "/" splits the key unambiguously even for ids like "openai/gpt-4o".
 */
export type ModelKey = `${string}/${string}`;

/** A model as the database keys it: its connection and the provider's id. */
export interface ModelRef {
  connection_id: string;
  model_id: string;
}

export function modelKey(connectionId: string, modelId: string): ModelKey {
  return `${connectionId}/${modelId}`;
}

/** The inverse of modelKey: the first "/" separates the connection id from the model id. */
export function parseModelKey(key: ModelKey): ModelRef | null {
  const slash = key.indexOf('/');
  return slash > 0 ? { connection_id: key.slice(0, slash), model_id: key.slice(slash + 1) } : null;
}
