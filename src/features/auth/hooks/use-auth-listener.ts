import { useEffect } from 'react';
import { subscribeToAuthChanges } from '../api/session';
import { useSessionStore } from '../stores/session-store';

/**
 * Keeps the session store in step with supabase-js: the restored session on load, sign-in, sign-out
 * (including from another tab) and token refreshes. Mount once, near the root.
 * `onUserChange` runs when the signed-in person changes (sign-out or a different account).
 */
export function useAuthListener(onUserChange?: () => void) {
  useEffect(() => {
    let currentUserId: string | null | undefined;
    return subscribeToAuthChanges((_event, session) => {
      const userId = session?.user.id ?? null;
      if (currentUserId !== undefined && currentUserId !== userId) onUserChange?.();
      currentUserId = userId;
      useSessionStore.getState().setSession(session);
    });
  }, [onUserChange]);
}
