/**
 * Builds a ConnectionTarget from database rows (provider_kinds + connections), so the Edge
 * Functions stay thin: read the rows, resolve the key, call discoverModels/checkConnection.
 */
import { isAdapterId } from '../core/providers/registry.ts';
import type { AuthScheme, ConnectionTarget } from '../core/providers/types.ts';

/** The provider_kinds columns discovery needs. */
export interface ProviderKindRow {
  id: string;
  default_base_url: string | null;
  models_path: string | null;
  auth_scheme: string;
  auth_header: string | null;
  default_headers: Record<string, string> | null;
  discovery_adapter: string;
}

/** The connections columns discovery needs. */
export interface ConnectionRow {
  kind: string;
  base_url: string | null;
  models_path: string | null;
  auth_header: string | null;
}

export class TargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetError';
  }
}

const SCHEMES: readonly AuthScheme[] = ['bearer', 'header', 'query', 'none'];

export function targetFor(kind: ProviderKindRow, connection: ConnectionRow, apiKey: string | null): ConnectionTarget {
  if (connection.kind !== kind.id) {
    throw new TargetError(`The connection is of kind ${connection.kind}, not ${kind.id}`);
  }
  if (!isAdapterId(kind.discovery_adapter)) {
    throw new TargetError(`Kind ${kind.id} names an unknown discovery adapter "${kind.discovery_adapter}"`);
  }
  const baseUrl = connection.base_url ?? kind.default_base_url;
  if (!baseUrl) throw new TargetError('This connection has no base URL; add one.');
  const modelsPath = connection.models_path ?? kind.models_path;
  if (!modelsPath) throw new TargetError('This connection has no models path; add one (for example /v1/models).');

  // A connection's own auth header (custom endpoints) replaces the kind's scheme.
  let authScheme = (SCHEMES as readonly string[]).includes(kind.auth_scheme)
    ? kind.auth_scheme as AuthScheme
    : 'bearer';
  let authName = kind.auth_header;
  if (connection.auth_header) {
    authScheme = 'header';
    authName = connection.auth_header;
  }
  return {
    kind: kind.id,
    adapter: kind.discovery_adapter,
    baseUrl,
    modelsPath,
    authScheme,
    authName,
    defaultHeaders: kind.default_headers ?? {},
    apiKey,
  };
}
