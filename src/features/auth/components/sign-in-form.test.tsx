import { AuthApiError, AuthRetryableFetchError } from '@supabase/supabase-js';
import { screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeSession, supabaseAuthMock } from '@/testing/supabase-mock';
import { renderWithProviders } from '@/testing/test-utils';
import { SignInForm } from './sign-in-form';

vi.mock('@/lib/supabase', async () => (await import('@/testing/supabase-mock')).supabaseModule);

const { auth } = supabaseAuthMock;

describe('SignInForm', () => {
  beforeEach(() => {
    auth.signInWithPassword.mockReset();
  });

  it('shows what is missing next to each field, without calling the server', async () => {
    const { user } = renderWithProviders(<SignInForm />);
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    const email = screen.getByLabelText('Email');
    expect(email).toHaveAttribute('aria-invalid', 'true');
    expect(email).toHaveAccessibleDescription('Enter your email address.');
    expect(screen.getByLabelText('Password')).toHaveAccessibleDescription('Enter your password.');
    expect(email).toHaveFocus();
    expect(auth.signInWithPassword).not.toHaveBeenCalled();
  });

  it('clears a field’s error as soon as it is fixed', async () => {
    const { user } = renderWithProviders(<SignInForm />);
    await user.type(screen.getByLabelText('Email'), 'ada@');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(screen.getByLabelText('Email')).toHaveAccessibleDescription('Enter a valid email address, like name@example.com.');

    await user.type(screen.getByLabelText('Email'), 'example.com');
    expect(screen.getByLabelText('Email')).not.toHaveAttribute('aria-invalid');
  });

  it('says the credentials are wrong and keeps everything typed', async () => {
    auth.signInWithPassword.mockResolvedValue({ data: { user: null, session: null }, error: new AuthApiError('Invalid login credentials', 400, 'invalid_credentials') });
    const { user } = renderWithProviders(<SignInForm />);
    await user.type(screen.getByLabelText('Email'), 'ada@example.com');
    await user.type(screen.getByLabelText('Password'), 'not-my-password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Wrong email or password. Check both and try again.');
    expect(auth.signInWithPassword).toHaveBeenCalledWith({ email: 'ada@example.com', password: 'not-my-password' });
    expect(screen.getByLabelText('Email')).toHaveValue('ada@example.com');
    expect(screen.getByLabelText('Password')).toHaveValue('not-my-password');
  });

  it('says the server cannot be reached when the network fails', async () => {
    auth.signInWithPassword.mockResolvedValue({ data: { user: null, session: null }, error: new AuthRetryableFetchError('Failed to fetch', 0) });
    const { user } = renderWithProviders(<SignInForm initialEmail="ada@example.com" />);
    await user.type(screen.getByLabelText('Password'), 'secret');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('alert')).toHaveTextContent("Can't reach the server.");
    expect(screen.getByLabelText('Email')).toHaveValue('ada@example.com');
    expect(screen.getByLabelText('Password')).toHaveValue('secret');
  });

  it('shows that it is working and cannot be submitted twice', async () => {
    let finish: (value: unknown) => void = () => {};
    auth.signInWithPassword.mockReturnValue(new Promise((resolve) => (finish = resolve)));
    const { user } = renderWithProviders(<SignInForm initialEmail="ada@example.com" />);
    await user.type(screen.getByLabelText('Password'), 'secret');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    const button = screen.getByRole('button', { name: 'Signing in…' });
    expect(button).toBeDisabled();
    await user.click(button);
    expect(auth.signInWithPassword).toHaveBeenCalledTimes(1);

    finish({ data: { user: fakeSession().user, session: fakeSession() }, error: null });
    await waitFor(() => expect(screen.getByRole('button', { name: 'Sign in' })).toBeEnabled());
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});
