import type { Session } from '@supabase/supabase-js';
import { create } from 'zustand';

export type AuthStatus = 'loading' | 'signed-in' | 'signed-out';

interface SessionState {
  status: AuthStatus;
  session: Session | null;
  setSession: (session: Session | null) => void;
}

/**
 * The current session as supabase-js reports it (it owns persistence and refresh; this store only
 * mirrors its events so components can react). 'loading' until supabase-js has read its storage.
 */
export const useSessionStore = create<SessionState>()((set) => ({
  status: 'loading',
  session: null,
  setSession: (session) => set({ session, status: session ? 'signed-in' : 'signed-out' }),
}));
