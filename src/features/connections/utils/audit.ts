import type { AuditEvent } from '../types/connections';
import { joinWords } from '@/lib/format';

const FIELD_LABELS: Record<string, string> = {
  name: 'name',
  kind: 'kind',
  base_url: 'base URL',
  models_path: 'models path',
  auth_header: 'auth header',
  enabled: 'enabled',
  probe_from: 'where checks run',
  api_key: 'API key',
};

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function hintOf(details: unknown, key: string): string | null {
  if (typeof details !== 'object' || details === null) return null;
  const value = (details as Record<string, unknown>)[key];
  return typeof value === 'string' && value !== '' ? `…${value}` : null;
}

/** One line saying what happened: "Name and base URL changed", "API key replaced (…abcd)". */
export function describeAuditAction(event: Pick<AuditEvent, 'action' | 'changed_fields' | 'details'>): string {
  const fields = event.changed_fields.map((field) => FIELD_LABELS[field] ?? field.replace(/_/g, ' '));
  switch (event.action) {
    case 'created':
      return 'Connection created';
    case 'deleted':
      return 'Connection deleted';
    case 'updated':
      if (fields.length === 0) return 'Connection updated';
      if (event.changed_fields.length === 1 && event.changed_fields[0] === 'enabled') return 'Enabled or disabled';
      return `${capitalize(joinWords(fields))} changed`;
    case 'key_set': {
      const hint = hintOf(event.details, 'hint');
      return hint ? `API key set (${hint})` : 'API key set';
    }
    case 'key_replaced': {
      const hint = hintOf(event.details, 'hint');
      const previous = hintOf(event.details, 'previous_hint');
      if (hint && previous && hint !== previous) return `API key replaced (${hint}, was ${previous})`;
      // The lockbox re-encrypting under a newer master key changes nothing a person set.
      if (hint && previous === hint) return `API key re-encrypted (${hint})`;
      return hint ? `API key replaced (${hint})` : 'API key replaced';
    }
    case 'key_removed':
      return 'API key removed';
    default:
      return capitalize(event.action.replace(/_/g, ' '));
  }
}

/** Who made the change, from the viewer's point of view. */
export function describeAuditActor(event: Pick<AuditEvent, 'actor_id' | 'actor_role'>, viewerId: string | null | undefined): string {
  if (event.actor_role === 'authenticated') return !event.actor_id || event.actor_id === viewerId ? 'You' : 'Someone else';
  if (event.actor_role === 'service_role') return 'You, through the server';
  return 'An administrator, in the database';
}
