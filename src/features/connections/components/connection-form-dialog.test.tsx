import { screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '@/testing/test-utils';
import type { Connection, ProviderKind } from '../types/connections';
import { ConnectionFormDialog } from './connection-form-dialog';

const db = vi.hoisted(() => ({
  insert: vi.fn(),
  update: vi.fn(),
  single: vi.fn(),
}));

vi.mock('@/lib/supabase', () => {
  const chain = {
    select: () => chain,
    eq: () => chain,
    single: () => db.single(),
  };
  return {
    supabase: {
      from: () => ({
        insert: (row: unknown) => {
          db.insert(row);
          return chain;
        },
        update: (row: unknown) => {
          db.update(row);
          return chain;
        },
      }),
      rpc: vi.fn(async () => ({ data: null, error: null })),
      auth: { getSession: async () => ({ data: { session: { access_token: 'token' } }, error: null }) },
    },
  };
});

const kind = (id: string, label: string, category: string, base: string | null, modelsPath: string | null): ProviderKind => ({
  id,
  label,
  category,
  default_base_url: base,
  models_path: modelsPath,
  chat_path: '/v1/chat/completions',
  auth_scheme: 'bearer',
  auth_header: null,
  default_headers: {},
  key_required: category === 'cloud',
  server_key_env: null,
  discovery_adapter: id === 'ollama' ? 'ollama' : 'openai',
  chat_adapter: 'openai',
  runtime_adapter: null,
  sort_order: 1,
});
const kinds = [kind('ollama', 'Ollama', 'self_hosted', 'http://localhost:11434', '/api/tags'), kind('openai', 'OpenAI', 'cloud', 'https://api.openai.com', '/v1/models')];
const serverConfig = { serverKeys: {}, allowPrivateEndpoints: false, lockboxAvailable: true, available: true };

function saved(overrides: Partial<Connection> = {}): Connection {
  return {
    id: '00000000-0000-4000-8000-0000000000aa', owner_id: 'me', kind: 'ollama', name: 'Home', base_url: 'http://localhost:11434', models_path: null, auth_header: null,
    enabled: false, probe_from: 'browser', health_status: 'unknown', health_latency_ms: null, health_error: null, health_error_code: null, health_checked_at: null,
    model_count: 0, models_refreshed_at: null, last_used_at: null, request_count: 0, created_at: '', updated_at: '', ...overrides,
  };
}

describe('ConnectionFormDialog', () => {
  beforeEach(() => {
    db.insert.mockReset();
    db.update.mockReset();
    db.single.mockReset();
    vi.unstubAllGlobals();
  });

  it('prefills the kind\'s address and suggests browser checks for a local server', async () => {
    renderWithProviders(<ConnectionFormDialog open onOpenChange={() => {}} kinds={kinds} serverConfig={serverConfig} />);
    expect(screen.getByLabelText('Base URL')).toHaveValue('http://localhost:11434');
    expect(screen.getByRole('radio', { name: /From this browser/ })).toBeChecked();
    expect(screen.getByText(/the Switchboard server cannot reach your machine or network/)).toBeInTheDocument();
  });

  it('shows problems next to their fields and keeps everything typed', async () => {
    const { user } = renderWithProviders(<ConnectionFormDialog open onOpenChange={() => {}} kinds={kinds} serverConfig={serverConfig} />);
    await user.clear(screen.getByLabelText('Base URL'));
    await user.type(screen.getByLabelText('Base URL'), 'localhost:11434');
    await user.click(screen.getByRole('button', { name: 'Add connection' }));
    expect(screen.getByText('Give the connection a name, like "Home Ollama".')).toBeInTheDocument();
    expect(screen.getByText('Start the address with http:// or https://, like http://localhost:11434.')).toBeInTheDocument();
    expect(screen.getByLabelText('Name')).toHaveFocus();
    expect(screen.getByLabelText('Base URL')).toHaveValue('localhost:11434');
    expect(db.insert).not.toHaveBeenCalled();
  });

  it('refuses a metadata address next to the base URL, keeping what was typed', async () => {
    const { user } = renderWithProviders(<ConnectionFormDialog open onOpenChange={() => {}} kinds={kinds} serverConfig={serverConfig} />);
    await user.type(screen.getByLabelText('Name'), 'Cloud box');
    await user.clear(screen.getByLabelText('Base URL'));
    await user.type(screen.getByLabelText('Base URL'), 'http://0xa9fea9fe/v1');
    await user.click(screen.getByRole('button', { name: 'Add connection' }));
    const sentence = screen.getByText(/^0xa9fea9fe \(169\.254\.169\.254\) is a cloud metadata address: /);
    expect(screen.getByLabelText('Base URL')).toHaveAccessibleDescription(expect.stringContaining(sentence.textContent!));
    expect(screen.getByLabelText('Base URL')).toHaveValue('http://0xa9fea9fe/v1');
    expect(screen.getByLabelText('Name')).toHaveValue('Cloud box');
    expect(db.insert).not.toHaveBeenCalled();
  });

  it('shows the database refusal of a metadata address next to the base URL', async () => {
    db.single.mockResolvedValue({
      data: null,
      error: {
        code: '23514',
        message: '169.254.169.254 is a cloud metadata address: it hands out the credentials of the machine it runs on, so no connection may point at it. Use the address of your model server.',
        details: 'Refused by connections_base_url_not_metadata (the host is on the list in private.cloud_metadata_hosts()).',
        hint: 'Set base_url to the address of the model server.',
      },
    });
    const { user } = renderWithProviders(<ConnectionFormDialog open onOpenChange={() => {}} kinds={kinds} serverConfig={serverConfig} />);
    await user.type(screen.getByLabelText('Name'), 'Sneaky');
    await user.clear(screen.getByLabelText('Base URL'));
    // Stands for a spelling only the database knows (the form would have refused any it knows).
    await user.type(screen.getByLabelText('Base URL'), 'http://10.0.0.1');
    await user.click(screen.getByRole('button', { name: 'Add connection' }));
    expect(await screen.findByText('169.254.169.254 is a cloud metadata address: it hands out the credentials of the machine it runs on, so no connection may point at it. Use the address of your model server.')).toBeInTheDocument();
    expect(screen.getByLabelText('Base URL')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Base URL')).toHaveValue('http://10.0.0.1');
  });

  it('refuses a NUL in the name with a sentence next to it, keeping the text', async () => {
    const { user } = renderWithProviders(<ConnectionFormDialog open onOpenChange={() => {}} kinds={kinds} serverConfig={serverConfig} />);
    await user.click(screen.getByLabelText('Name'));
    await user.paste('Home\u0000Lab');
    await user.click(screen.getByRole('button', { name: 'Add connection' }));
    expect(screen.getByText('The name contains a NUL character (\\u0000), which cannot be stored. Delete it (it may be invisible), then try again.')).toBeInTheDocument();
    expect(screen.getByLabelText('Name')).toHaveValue('Home\u0000Lab');
    expect(screen.getByLabelText('Name')).toHaveFocus();
    expect(db.insert).not.toHaveBeenCalled();
  });

  it('maps a taken name (23505 on connections_owner_name_key) to the name field', async () => {
    db.single.mockResolvedValue({
      data: null,
      error: { code: '23505', message: 'duplicate key value violates unique constraint "connections_owner_name_key"', details: null, hint: null },
    });
    const { user } = renderWithProviders(<ConnectionFormDialog open onOpenChange={() => {}} kinds={kinds} serverConfig={serverConfig} />);
    await user.type(screen.getByLabelText('Name'), 'Home');
    await user.type(screen.getByLabelText('API key'), 'secret-key');
    await user.click(screen.getByRole('button', { name: 'Add connection' }));
    expect(await screen.findByText('You already have a connection named “Home”. Choose another name.')).toBeInTheDocument();
    expect(screen.getByLabelText('Name')).toHaveValue('Home');
    expect(screen.getByLabelText('Name')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('API key')).toHaveValue('secret-key');
    expect(db.insert).toHaveBeenCalledWith(expect.objectContaining({ name: 'Home', kind: 'ollama', base_url: 'http://localhost:11434', probe_from: 'browser' }));
    // The key never goes into the row.
    expect(JSON.stringify(db.insert.mock.calls)).not.toContain('secret-key');
  });

  it('when the lockbox fails after the row was created, says so at the key and updates (not re-adds) on retry', async () => {
    db.single.mockResolvedValue({ data: saved(), error: null });
    const fetchMock = vi.fn(async () => new Response(JSON.stringify({ error: { code: 'invalid_request', message: 'The key is too short.' } }), { status: 400 }));
    vi.stubGlobal('fetch', fetchMock);
    const { user } = renderWithProviders(<ConnectionFormDialog open onOpenChange={() => {}} kinds={kinds} serverConfig={serverConfig} />);
    await user.type(screen.getByLabelText('Name'), 'Home');
    await user.type(screen.getByLabelText('API key'), 'k');
    await user.click(screen.getByRole('button', { name: 'Add connection' }));
    expect(await screen.findByText(/The connection was added, but the key was not: The key is too short\./)).toBeInTheDocument();
    expect(fetchMock).toHaveBeenCalledWith(expect.stringMatching(/\/functions\/v1\/lockbox$/), expect.objectContaining({ method: 'POST' }));
    expect(screen.getByLabelText('API key')).toHaveValue('k');

    fetchMock.mockResolvedValue(new Response(JSON.stringify({ connection_id: saved().id, hint: '…abcd', key_version: 1, updated_at: '' }), { status: 200 }));
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(db.update).toHaveBeenCalledTimes(1));
    expect(db.insert).toHaveBeenCalledTimes(1);
  });
});
