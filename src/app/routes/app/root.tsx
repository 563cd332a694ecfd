import { Outlet } from 'react-router';
import { AppShell } from '@/components/layout/app-shell';
import { useSignOut } from '@/features/auth/api/sign-out';
import { RequireAuth } from '@/features/auth/components/require-auth';
import { useSession } from '@/features/auth/hooks/use-session';
import { navigation } from '../../navigation';

function SignedInShell() {
  const { user } = useSession();
  const signOut = useSignOut();
  return (
    <AppShell navigation={navigation} userEmail={user?.email ?? ''} onSignOut={() => signOut.mutate()} signingOut={signOut.isPending}>
      <Outlet />
    </AppShell>
  );
}

export default function AppRoot() {
  return (
    <RequireAuth>
      <SignedInShell />
    </RequireAuth>
  );
}
