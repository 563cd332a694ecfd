import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { PasswordInput } from '@/components/ui/password-input';
import { useZodForm } from '@/hooks/use-zod-form';
import { credentialsSchema } from '../api/schemas';
import { useSignIn } from '../api/sign-in';
import { describeAuthError } from '../utils/auth-error';
import { AuthErrorMessage } from './auth-error-message';

interface SignInFormProps {
  /** Prefills the email, e.g. when someone came from "an account with this email already exists". */
  initialEmail?: string;
}

/** Signing in updates the session store; the page around the form decides where to go next. */
export function SignInForm({ initialEmail = '' }: SignInFormProps) {
  const signIn = useSignIn();
  const { values, errors, setValue, handleSubmit, formRef } = useZodForm(credentialsSchema, { email: initialEmail, password: '' });
  const serverError = signIn.error ? describeAuthError(signIn.error) : null;

  const change = (name: 'email' | 'password', value: string) => {
    setValue(name, value);
    // A server message about this very field is out of date once the field changes.
    if (serverError?.field === name) signIn.reset();
  };

  const fieldError = (name: 'email' | 'password') =>
    errors[name] ?? (serverError?.field === name ? <AuthErrorMessage error={serverError} /> : undefined);

  return (
    <form ref={formRef} noValidate className="grid gap-5" onSubmit={handleSubmit((credentials) => signIn.mutate(credentials))}>
      {serverError && serverError.field === null ? (
        <Alert tone="error">
          <AuthErrorMessage error={serverError} />
        </Alert>
      ) : null}
      <Field label="Email" error={fieldError('email')}>
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
      <Field label="Password" error={fieldError('password')}>
        <PasswordInput
          name="password"
          autoComplete="current-password"
          value={values.password}
          onChange={(event) => change('password', event.target.value)}
        />
      </Field>
      <Button type="submit" size="lg" className="w-full" loading={signIn.isPending}>
        {signIn.isPending ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}
