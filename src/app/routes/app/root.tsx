import { Outlet } from 'react-router';
import { AppShell } from '@/components/layout/app-shell';
import { useSignOut } from '@/features/auth/api/sign-out';
import { RequireAuth } from '@/features/auth/components/require-auth';
import { useSession } from '@/features/auth/hooks/use-session';
import { ModelPreferencesProvider } from '@/features/models/components/model-preferences-provider';
import { navigation } from '../../navigation';

function SignedInShell() {
  const { user } = useSession();
  const signOut = useSignOut();
  return (
    <AppShell navigation={navigation} userEmail={user?.email ?? ''} onSignOut={() => signOut.mutate()} signingOut={signOut.isPending}>
      {user ? (
        // Keyed by user: nothing of one person's model state survives into the next person's views.
        <ModelPreferencesProvider key={user.id} ownerId={user.id}>
          <Outlet />
        </ModelPreferencesProvider>
      ) : (
        <Outlet />
      )}
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
