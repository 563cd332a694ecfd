import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { FullPageSpinner } from '@/components/layout/full-page-spinner';
import { paths } from '@/config/paths';
import { useSession } from '../hooks/use-session';
import { signInPathFor } from '../utils/redirect';

/** Shows its children only to signed-in people; everyone else goes to sign-in and comes back after. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { status } = useSession();
  const location = useLocation();
  if (status === 'loading') return <FullPageSpinner label="Loading your session" />;
  if (status === 'signed-out') {
    return <Navigate to={signInPathFor(`${location.pathname}${location.search}${location.hash}`, paths.signIn)} replace />;
  }
  return children;
}
