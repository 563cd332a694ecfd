import type { AuthChangeEvent, Session } from '@supabase/supabase-js';
import { vi } from 'vitest';

type Listener = (event: AuthChangeEvent, session: Session | null) => void;

/**
 * A stand-in for the app's Supabase client with only the auth calls the app makes. Use with
 * `vi.mock('@/lib/supabase', async () => (await import('@/testing/supabase-mock')).supabaseModule)`.
 */
export function createSupabaseAuthMock() {
  const listeners = new Set<Listener>();
  const auth = {
    signInWithPassword: vi.fn(),
    signUp: vi.fn(),
    signOut: vi.fn(async () => ({ error: null })),
    onAuthStateChange: vi.fn((listener: Listener) => {
      listeners.add(listener);
      return { data: { subscription: { id: 'test', callback: listener, unsubscribe: () => listeners.delete(listener) } } };
    }),
  };
  /** Delivers an auth event to every subscriber, as supabase-js would. */
  const emit = (event: AuthChangeEvent, session: Session | null) => listeners.forEach((listener) => listener(event, session));
  return { auth, emit, listeners };
}

export const supabaseAuthMock = createSupabaseAuthMock();

export const supabaseModule = { supabase: { auth: supabaseAuthMock.auth } };

export function fakeSession(email = 'ada@example.com', id = '00000000-0000-4000-8000-000000000001'): Session {
  return {
    access_token: 'access-token',
    refresh_token: 'refresh-token',
    token_type: 'bearer',
    expires_in: 3600,
    expires_at: Math.floor(Date.now() / 1000) + 3600,
    user: {
      id,
      email,
      aud: 'authenticated',
      role: 'authenticated',
      app_metadata: { provider: 'email', providers: ['email'] },
      user_metadata: {},
      created_at: new Date().toISOString(),
    },
  };
}
