import { describe, expect, it } from 'vitest';
import { describeAuditAction, describeAuditActor } from './audit';

const event = (action: string, changed_fields: string[] = [], details: Record<string, string | number> = {}) => ({ action, changed_fields, details });

describe('describeAuditAction', () => {
  it('says which fields changed, in words', () => {
    expect(describeAuditAction(event('updated', ['base_url', 'name']))).toBe('Base URL and name changed');
    expect(describeAuditAction(event('updated', ['name', 'base_url', 'probe_from']))).toBe('Name, base URL and where checks run changed');
    expect(describeAuditAction(event('updated', ['enabled']))).toBe('Enabled or disabled');
    expect(describeAuditAction(event('created', ['base_url', 'kind', 'name']))).toBe('Connection created');
    expect(describeAuditAction(event('deleted'))).toBe('Connection deleted');
  });

  it('names key events by their hints only', () => {
    expect(describeAuditAction(event('key_set', ['api_key'], { hint: 'abcd', key_version: 1 }))).toBe('API key set (…abcd)');
    expect(describeAuditAction(event('key_replaced', ['api_key'], { hint: 'wxyz', previous_hint: 'abcd' }))).toBe('API key replaced (…wxyz, was …abcd)');
    expect(describeAuditAction(event('key_replaced', ['api_key'], { hint: 'abcd', previous_hint: 'abcd', key_version: 2 }))).toBe('API key re-encrypted (…abcd)');
    expect(describeAuditAction(event('key_removed', ['api_key'], { previous_hint: 'abcd' }))).toBe('API key removed');
  });
});

describe('describeAuditActor', () => {
  it('says who, from the viewer\'s side', () => {
    expect(describeAuditActor({ actor_id: 'me', actor_role: 'authenticated' }, 'me')).toBe('You');
    expect(describeAuditActor({ actor_id: null, actor_role: 'service_role' }, 'me')).toBe('You, through the server');
    expect(describeAuditActor({ actor_id: null, actor_role: 'postgres' }, 'me')).toBe('An administrator, in the database');
  });
});
