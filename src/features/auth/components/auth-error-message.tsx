import type { AuthErrorDescription } from '../utils/auth-error';

/** The body of an auth error: its sentence, and for a weak password the list of what to change. */
export function AuthErrorMessage({ error }: { error: AuthErrorDescription }) {
  if (!error.reasons?.length) return <>{error.message}</>;
  return (
    <>
      <p>{error.message}</p>
      <ul className="mt-1 list-disc pl-4">
        {error.reasons.map((reason) => (
          <li key={reason}>{reason}</li>
        ))}
      </ul>
    </>
  );
}
