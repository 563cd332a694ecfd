import type { AuthChangeEvent, Session } from '@supabase/supabase-js';
import { supabase } from '@/lib/supabase';

/**
 * Calls `listener` with every auth event, starting with INITIAL_SESSION once supabase-js has restored
 * (and if needed refreshed) the session from storage. Returns the unsubscribe function.
 */
export function subscribeToAuthChanges(listener: (event: AuthChangeEvent, session: Session | null) => void): () => void {
  const { data } = supabase.auth.onAuthStateChange(listener);
  return () => data.subscription.unsubscribe();
}
