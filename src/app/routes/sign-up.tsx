import { Link, useSearchParams } from 'react-router';
import { paths } from '@/config/paths';
import { AuthLayout } from '@/features/auth/components/auth-layout';
import { RedirectIfSignedIn } from '@/features/auth/components/redirect-if-signed-in';
import { SignUpForm } from '@/features/auth/components/sign-up-form';

export default function SignUpRoute() {
  const [searchParams] = useSearchParams();
  const redirectTo = searchParams.get('redirectTo');
  const signInLink = redirectTo ? `${paths.signIn}?${new URLSearchParams({ redirectTo })}` : paths.signIn;

  return (
    <RedirectIfSignedIn>
      <title>Create an account · Switchboard</title>
      <AuthLayout
        title="Create your account"
        description="Connect every AI model you use, cloud and self-hosted, and keep the outputs you like."
        footer={
          <>
            Already have an account?{' '}
            <Link to={signInLink} className="font-medium text-primary underline-offset-4 hover:underline">
              Sign in
            </Link>
          </>
        }
      >
        <SignUpForm />
      </AuthLayout>
    </RedirectIfSignedIn>
  );
}
