import { useSessionStore } from '../stores/session-store';

export function useSession() {
  const status = useSessionStore((state) => state.status);
  const session = useSessionStore((state) => state.session);
  return { status, session, user: session?.user ?? null };
}
