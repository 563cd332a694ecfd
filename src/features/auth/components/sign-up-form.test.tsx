import { AuthApiError, AuthWeakPasswordError } from '@supabase/supabase-js';
import { screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeSession, supabaseAuthMock } from '@/testing/supabase-mock';
import { renderWithProviders } from '@/testing/test-utils';
import { SignUpForm } from './sign-up-form';

vi.mock('@/lib/supabase', async () => (await import('@/testing/supabase-mock')).supabaseModule);

const { auth } = supabaseAuthMock;
const failWith = (error: Error) => auth.signUp.mockResolvedValue({ data: { user: null, session: null }, error });

async function fillAndSubmit(user: ReturnType<typeof renderWithProviders>['user'], email: string, password: string) {
  await user.type(screen.getByLabelText('Email'), email);
  await user.type(screen.getByLabelText('Password'), password);
  await user.click(screen.getByRole('button', { name: 'Create account' }));
}

describe('SignUpForm', () => {
  beforeEach(() => {
    auth.signUp.mockReset();
  });

  it('requires an email and a password before asking the server', async () => {
    const { user } = renderWithProviders(<SignUpForm />);
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    expect(screen.getByLabelText('Email')).toHaveAccessibleDescription('Enter your email address.');
    expect(screen.getByLabelText('Password')).toHaveAccessibleDescription('Choose a password.');
    expect(auth.signUp).not.toHaveBeenCalled();
  });

  it('lists why the server found the password weak, next to the password, with the server’s minimum', async () => {
    failWith(new AuthWeakPasswordError('Password should be at least 10 characters.', 422, ['length']));
    const { user } = renderWithProviders(<SignUpForm />);
    await fillAndSubmit(user, 'ada@example.com', 'short');

    const password = screen.getByLabelText('Password');
    expect(await screen.findByText('Use at least 10 characters.')).toBeInTheDocument();
    expect(password).toHaveAttribute('aria-invalid', 'true');
    expect(password).toHaveAccessibleDescription(/Choose a stronger password:\s*Use at least 10 characters\./);
    expect(password).toHaveValue('short');
    expect(screen.getByLabelText('Email')).toHaveValue('ada@example.com');
  });

  it('removes the server’s complaint once the password is edited', async () => {
    failWith(new AuthWeakPasswordError('Password should be at least 10 characters.', 422, ['length']));
    const { user } = renderWithProviders(<SignUpForm />);
    await fillAndSubmit(user, 'ada@example.com', 'short');
    await screen.findByText('Use at least 10 characters.');

    await user.type(screen.getByLabelText('Password'), '-and-longer');
    expect(screen.queryByText('Use at least 10 characters.')).not.toBeInTheDocument();
    expect(screen.getByLabelText('Password')).toHaveValue('short-and-longer');
  });

  it('offers to sign in when the account already exists', async () => {
    failWith(new AuthApiError('User already registered', 422, 'user_already_exists'));
    const { user } = renderWithProviders(<SignUpForm />);
    await fillAndSubmit(user, 'ada@example.com', 'a-good-password');

    const email = screen.getByLabelText('Email');
    expect(await screen.findByText('An account with this email already exists.')).toBeInTheDocument();
    expect(email).toHaveAttribute('aria-invalid', 'true');
    const errorRegion = document.getElementById(email.getAttribute('aria-describedby')!.split(' ')[0]!)!;
    expect(within(errorRegion).getByRole('link', { name: 'Sign in instead' })).toHaveAttribute('href', '/sign-in');
  });

  it('asks to wait when the server rate-limits sign-ups', async () => {
    failWith(new AuthApiError('Request rate limit reached', 429, 'over_request_rate_limit'));
    const { user } = renderWithProviders(<SignUpForm />);
    await fillAndSubmit(user, 'ada@example.com', 'a-good-password');
    expect(await screen.findByRole('alert')).toHaveTextContent('Too many attempts. Wait a few minutes, then try again.');
  });

  it('asks to confirm the email when the project requires it', async () => {
    auth.signUp.mockResolvedValue({ data: { user: fakeSession().user, session: null }, error: null });
    const { user } = renderWithProviders(<SignUpForm />);
    await fillAndSubmit(user, 'ada@example.com', 'a-good-password');
    expect(await screen.findByText('Check your email')).toBeInTheDocument();
    expect(screen.getByText('ada@example.com')).toBeInTheDocument();
  });
});
