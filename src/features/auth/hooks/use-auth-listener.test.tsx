import { renderHook } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeSession, supabaseAuthMock } from '@/testing/supabase-mock';
import { useSessionStore } from '../stores/session-store';
import { useAuthListener } from './use-auth-listener';

vi.mock('@/lib/supabase', async () => (await import('@/testing/supabase-mock')).supabaseModule);

describe('useAuthListener', () => {
  beforeEach(() => useSessionStore.setState({ status: 'loading', session: null }));

  it('mirrors supabase-js auth events into the session store', () => {
    renderHook(() => useAuthListener());
    expect(useSessionStore.getState().status).toBe('loading');

    supabaseAuthMock.emit('INITIAL_SESSION', null);
    expect(useSessionStore.getState().status).toBe('signed-out');

    const session = fakeSession();
    supabaseAuthMock.emit('SIGNED_IN', session);
    expect(useSessionStore.getState()).toMatchObject({ status: 'signed-in', session });
  });

  it('reports a change of person (so cached data can be dropped) but not a token refresh', () => {
    const onUserChange = vi.fn();
    renderHook(() => useAuthListener(onUserChange));
    supabaseAuthMock.emit('INITIAL_SESSION', fakeSession('ada@example.com', 'user-a'));
    supabaseAuthMock.emit('TOKEN_REFRESHED', fakeSession('ada@example.com', 'user-a'));
    expect(onUserChange).not.toHaveBeenCalled();

    supabaseAuthMock.emit('SIGNED_OUT', null);
    expect(onUserChange).toHaveBeenCalledTimes(1);
    supabaseAuthMock.emit('SIGNED_IN', fakeSession('grace@example.com', 'user-b'));
    expect(onUserChange).toHaveBeenCalledTimes(2);
  });

  it('stops listening when unmounted', () => {
    const { unmount } = renderHook(() => useAuthListener());
    unmount();
    expect(supabaseAuthMock.listeners.size).toBe(0);
  });
});
