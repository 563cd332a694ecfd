import type { ReactNode } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { FullPageSpinner } from '@/components/layout/full-page-spinner';
import { useSession } from '../hooks/use-session';
import { safeRedirectPath } from '../utils/redirect';

/** For the sign-in and sign-up pages: someone already signed in goes on to where they were headed. */
export function RedirectIfSignedIn({ children }: { children: ReactNode }) {
  const { status } = useSession();
  const [searchParams] = useSearchParams();
  if (status === 'loading') return <FullPageSpinner label="Loading your session" />;
  if (status === 'signed-in') return <Navigate to={safeRedirectPath(searchParams.get('redirectTo'))} replace />;
  return children;
}
