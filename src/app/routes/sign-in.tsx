import { Link, useLocation, useSearchParams } from 'react-router';
import { paths } from '@/config/paths';
import { AuthLayout } from '@/features/auth/components/auth-layout';
import { RedirectIfSignedIn } from '@/features/auth/components/redirect-if-signed-in';
import { SignInForm } from '@/features/auth/components/sign-in-form';

function emailFromState(state: unknown): string {
  if (typeof state === 'object' && state !== null && 'email' in state && typeof state.email === 'string') return state.email;
  return '';
}

export default function SignInRoute() {
  const location = useLocation();
  const [searchParams] = useSearchParams();
  const redirectTo = searchParams.get('redirectTo');
  const signUpLink = redirectTo ? `${paths.signUp}?${new URLSearchParams({ redirectTo })}` : paths.signUp;

  return (
    <RedirectIfSignedIn>
      <title>Sign in · Switchboard</title>
      <AuthLayout
        title="Sign in"
        description="Welcome back. Sign in to reach your connections, models and saved outputs."
        footer={
          <>
            New to Switchboard?{' '}
            <Link to={signUpLink} className="font-medium text-primary underline-offset-4 hover:underline">
              Create an account
            </Link>
          </>
        }
      >
        <SignInForm initialEmail={emailFromState(location.state)} />
      </AuthLayout>
    </RedirectIfSignedIn>
  );
}
