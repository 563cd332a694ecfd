import { screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { useSessionStore } from '@/features/auth/stores/session-store';
import { fakeSession, supabaseAuthMock } from '@/testing/supabase-mock';
import { renderRoutes } from '@/testing/test-utils';
import { routes } from './router';

vi.mock('@/lib/supabase', async () => (await import('@/testing/supabase-mock')).supabaseModule);

const signedIn = () => useSessionStore.getState().setSession(fakeSession('ada@example.com'));
const signedOut = () => useSessionStore.getState().setSession(null);

describe('routes', () => {
  beforeEach(() => {
    useSessionStore.setState({ status: 'loading', session: null });
    supabaseAuthMock.auth.signInWithPassword.mockReset();
  });

  it('sends signed-out visitors of a page to sign-in, remembering the page', async () => {
    signedOut();
    const { router } = renderRoutes(routes, { route: '/models?tab=favorites' });
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/sign-in');
    expect(router.state.location.search).toBe('?redirectTo=%2Fmodels%3Ftab%3Dfavorites');
  });

  it('returns to the remembered page after signing in', async () => {
    signedOut();
    supabaseAuthMock.auth.signInWithPassword.mockImplementation(async () => {
      // supabase-js announces SIGNED_IN before signInWithPassword resolves.
      signedIn();
      return { data: { session: fakeSession(), user: fakeSession().user }, error: null };
    });
    const { user, router } = renderRoutes(routes, { route: '/sign-in?redirectTo=%2Fruntime' });
    await user.type(await screen.findByLabelText('Email'), 'ada@example.com');
    await user.type(screen.getByLabelText('Password'), 'correct horse');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Runtime' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/runtime');
  });

  it('sends signed-in visitors of sign-in on to the app, ignoring redirects to other sites', async () => {
    signedIn();
    const { router } = renderRoutes(routes, { route: '/sign-in?redirectTo=https%3A%2F%2Fevil.example' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Connections' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/connections');
  });

  it('waits for the stored session before deciding', async () => {
    const { router } = renderRoutes(routes, { route: '/settings' });
    expect(await screen.findByText('Loading your session')).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/settings');
    signedIn();
    expect(await screen.findByRole('heading', { level: 1, name: 'Settings' })).toBeInTheDocument();
  });

  it('shows the shell: every section, the account and a way to sign out', async () => {
    signedIn();
    const { user } = renderRoutes(routes, { route: '/' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Connections' })).toBeInTheDocument();

    const nav = screen.getByRole('navigation', { name: 'Main' });
    const links = within(nav).getAllByRole('link').map((link) => link.textContent);
    expect(links).toEqual(['Connections', 'Models', 'Runtime', 'Playground', 'Generations', 'Collections', 'Settings']);
    expect(within(nav).getByRole('link', { name: 'Connections' })).toHaveAttribute('aria-current', 'page');
    expect(screen.getAllByText('ada@example.com').length).toBeGreaterThan(0);

    await user.click(within(nav).getByRole('link', { name: 'Generations' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Generations' })).toBeInTheDocument();
    expect(screen.getByRole('searchbox', { name: 'Search the prompts' })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(supabaseAuthMock.auth.signOut).toHaveBeenCalledWith({ scope: 'local' });
  });

  it('lets keyboard users skip the navigation', async () => {
    signedIn();
    const { user } = renderRoutes(routes, { route: '/models' });
    await screen.findByRole('heading', { level: 1, name: 'Models' });
    await user.tab();
    const skip = screen.getByRole('link', { name: 'Skip to content' });
    expect(skip).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(document.getElementById('main-content')).toHaveFocus();
  });

  it('shows a 404 page for unknown addresses', async () => {
    signedIn();
    renderRoutes(routes, { route: '/no-such-page' });
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeInTheDocument();
    expect(screen.getByText('/no-such-page')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Go to Connections' })).toHaveAttribute('href', '/connections');
  });
});
