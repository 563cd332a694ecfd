import { describe, expect, it } from 'vitest';
import { connectionFormSchema, type ConnectionFormValues } from './connection-schema';

const kinds = [
  { id: 'openai', label: 'OpenAI', category: 'cloud', default_base_url: 'https://api.openai.com', models_path: '/v1/models' },
  { id: 'ollama', label: 'Ollama', category: 'self_hosted', default_base_url: 'http://localhost:11434', models_path: '/api/tags' },
  { id: 'openai_compatible', label: 'OpenAI-compatible server', category: 'self_hosted', default_base_url: null, models_path: '/v1/models' },
  { id: 'custom', label: 'Custom endpoint', category: 'self_hosted', default_base_url: null, models_path: null },
];
const schema = connectionFormSchema(kinds);

const values = (overrides: Partial<ConnectionFormValues>): ConnectionFormValues => ({
  name: 'Home',
  kind: 'ollama',
  base_url: 'http://localhost:11434',
  models_path: '',
  auth_header: '',
  probe_from: 'browser',
  api_key: '',
  ...overrides,
});

function errors(input: ConnectionFormValues): Record<string, string> {
  const result = schema.safeParse(input);
  if (result.success) return {};
  return Object.fromEntries(result.error.issues.map((issue) => [String(issue.path[0]), issue.message]));
}

describe('connection form schema', () => {
  it('turns valid values into a row: trimmed, trailing slash removed, empty fields null', () => {
    const result = schema.parse(values({ name: '  Home  ', base_url: ' http://localhost:11434/ ', api_key: '  sk-123  ' }));
    expect(result).toEqual({ name: 'Home', kind: 'ollama', base_url: 'http://localhost:11434', models_path: null, auth_header: null, probe_from: 'browser', api_key: 'sk-123' });
  });

  it('falls back to a cloud kind\'s default address and always checks cloud kinds from the server', () => {
    const result = schema.parse(values({ kind: 'openai', base_url: '', probe_from: 'browser' }));
    expect(result.base_url).toBe('https://api.openai.com');
    expect(result.probe_from).toBe('server');
  });

  it('reports every problem at once, next to its field', () => {
    expect(errors(values({ name: ' ', kind: 'openai_compatible', base_url: '' }))).toEqual({
      name: 'Give the connection a name, like "Home Ollama".',
      base_url: "Enter the server's address, like http://localhost:11434.",
    });
  });

  it('requires a models path for custom endpoints and checks the auth header', () => {
    expect(errors(values({ kind: 'custom', base_url: 'http://gpu:9000' }))).toEqual({ models_path: 'Enter the path that lists the models, like /v1/models.' });
    expect(errors(values({ kind: 'custom', base_url: 'http://gpu:9000', models_path: 'models', auth_header: 'X API' }))).toEqual({
      models_path: 'Start the path with a slash, like /v1/models.',
      auth_header: 'Use a header name of letters, digits and dashes, like X-API-Key.',
    });
    expect(schema.parse(values({ kind: 'custom', base_url: 'http://gpu:9000', models_path: '/models', auth_header: 'X-API-Key' }))).toMatchObject({
      models_path: '/models',
      auth_header: 'X-API-Key',
    });
  });

  it('ignores a models path and header typed for a kind that has its own', () => {
    expect(schema.parse(values({ models_path: '/x', auth_header: 'X-Key' }))).toMatchObject({ models_path: null, auth_header: null });
  });

  it('rejects names the database would refuse', () => {
    expect(errors(values({ name: 'a'.repeat(101) })).name).toBe('Keep the name to 100 characters or fewer.');
    expect(errors(values({ name: 'two\nlines' })).name).toBe('The name cannot contain line breaks or tabs.');
  });

  it('refuses text the database cannot store, with a sentence next to the field', () => {
    expect(errors(values({ name: 'Home\u0000' })).name).toBe('The name contains a NUL character (\\u0000), which cannot be stored. Delete it (it may be invisible), then try again.');
    expect(errors(values({ name: 'Home \ud83d' })).name).toBe(
      'The name contains a broken Unicode character (a lone UTF-16 surrogate), which cannot be stored. Delete it (it may be invisible), then try again.',
    );
    expect(errors(values({ name: '\udc00Home' })).name).toMatch(/^The name contains a broken Unicode character/);
    expect(errors(values({ base_url: 'http://localhost:11434/\u0000' })).base_url).toMatch(/^The address contains a NUL character/);
    expect(errors(values({ kind: 'custom', base_url: 'http://gpu:9000', models_path: '/v1/\ud800models' })).models_path).toMatch(/^The path contains a broken Unicode character/);
    // A whole surrogate pair (an emoji) is fine.
    expect(schema.parse(values({ name: 'Home 🦙' })).name).toBe('Home 🦙');
  });

  it('refuses a cloud metadata address next to the base URL', () => {
    expect(errors(values({ base_url: 'http://0xa9fea9fe' })).base_url).toMatch(/^0xa9fea9fe \(169\.254\.169\.254\) is a cloud metadata address: /);
    expect(errors(values({ kind: 'openai', base_url: 'http://[::ffff:a9fe:a9fe]/v1' })).base_url).toMatch(/is a cloud metadata address/);
  });
});
