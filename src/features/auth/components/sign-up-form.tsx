import { Link } from 'react-router';
import { MailCheck } from 'lucide-react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { PasswordInput } from '@/components/ui/password-input';
import { paths } from '@/config/paths';
import { useZodForm } from '@/hooks/use-zod-form';
import { signUpSchema } from '../api/schemas';
import { useSignUp } from '../api/sign-up';
import { describeAuthError } from '../utils/auth-error';
import { AuthErrorMessage } from './auth-error-message';

/**
 * Creates an account. Where the project confirms emails, success means "check your inbox"; otherwise
 * the new session arrives through the session store and the page around the form moves on.
 */
export function SignUpForm() {
  const signUp = useSignUp();
  const { values, errors, setValue, handleSubmit, formRef } = useZodForm(signUpSchema, { email: '', password: '' });
  const serverError = signUp.error ? describeAuthError(signUp.error) : null;

  if (signUp.data?.needsEmailConfirmation) {
    return (
      <div className="grid gap-4 text-sm">
        <Alert tone="info" title="Check your email">
          We sent a confirmation link to <strong className="font-medium">{values.email.trim()}</strong>. Open it, then sign in.
        </Alert>
        <Button variant="secondary" asChild>
          <Link to={paths.signIn} state={{ email: values.email.trim() }}>
            <MailCheck />
            Go to sign in
          </Link>
        </Button>
      </div>
    );
  }

  const change = (name: 'email' | 'password', value: string) => {
    setValue(name, value);
    if (serverError?.field === name) signUp.reset();
  };

  const emailError =
    errors.email ??
    (serverError?.field === 'email' ? (
      <>
        <AuthErrorMessage error={serverError} />
        {serverError.kind === 'account_exists' ? (
          <>
            {' '}
            <Link to={paths.signIn} state={{ email: values.email.trim() }} className="font-medium text-primary underline underline-offset-2">
              Sign in instead
            </Link>
          </>
        ) : null}
      </>
    ) : undefined);

  const passwordError = errors.password ?? (serverError?.field === 'password' ? <AuthErrorMessage error={serverError} /> : undefined);

  return (
    <form ref={formRef} noValidate className="grid gap-5" onSubmit={handleSubmit((input) => signUp.mutate(input))}>
      {serverError && serverError.field === null ? (
        <Alert tone="error">
          <AuthErrorMessage error={serverError} />
        </Alert>
      ) : null}
      <Field label="Email" error={emailError}>
        <Input
          name="email"
          type="email"
          autoComplete="email"
          inputMode="email"
          autoCapitalize="none"
          spellCheck={false}
          value={values.email}
          onChange={(event) => change('email', event.target.value)}
        />
      </Field>
      <Field label="Password" error={passwordError} hint={passwordError ? undefined : 'Use a password you do not use anywhere else.'}>
        <PasswordInput
          name="password"
          autoComplete="new-password"
          value={values.password}
          onChange={(event) => change('password', event.target.value)}
        />
      </Field>
      <Button type="submit" size="lg" className="w-full" loading={signUp.isPending}>
        {signUp.isPending ? 'Creating account…' : 'Create account'}
      </Button>
    </form>
  );
}
