import type { EnvProblem } from '@/config/env';
import { Logo } from '@/components/layout/logo';

const exampleEnv = `VITE_SUPABASE_URL=http://127.0.0.1:54321
VITE_SUPABASE_ANON_KEY=eyJhbGciOiJIUzI1NiIs...`;

/**
 * Shown instead of the app when the build has no usable Supabase settings, so a misconfigured deploy
 * says exactly what to fix instead of showing a blank screen. It must not touch the Supabase client.
 */
export function ConfigErrorPage({ problems }: { problems: EnvProblem[] }) {
  return (
    <main className="min-h-dvh bg-background px-4 py-10 sm:py-16">
      <div className="mx-auto grid max-w-2xl gap-8">
        <Logo />
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Switchboard is not configured yet</h1>
          <p className="mt-2 text-sm text-muted-foreground">
            The app needs the URL and the public (anon) key of a Supabase project, and{' '}
            {problems.length === 1 ? 'one setting is' : `${problems.length} settings are`} missing or wrong.
          </p>
        </div>

        <section aria-labelledby="problems-heading" className="rounded-xl border border-border bg-surface p-5 shadow-card sm:p-6">
          <h2 id="problems-heading" className="text-base font-semibold">
            What needs fixing
          </h2>
          <ul className="mt-3 grid gap-3">
            {problems.map(({ variable, problem }) => (
              <li key={variable} className="rounded-lg bg-destructive-soft px-4 py-3 text-sm text-destructive-soft-foreground">
                <code className="font-mono font-semibold">{variable}</code>: {problem}
              </li>
            ))}
          </ul>
        </section>

        <section aria-labelledby="fix-heading" className="rounded-xl border border-border bg-surface p-5 shadow-card sm:p-6">
          <h2 id="fix-heading" className="text-base font-semibold">
            How to set them
          </h2>
          <ol className="mt-3 grid list-decimal gap-4 pl-5 text-sm marker:text-muted-foreground">
            <li>
              Put them in a file named <code className="font-mono">.env.local</code> in the project folder (next to package.json); for{' '}
              <code className="font-mono">npm run dev</code> use <code className="font-mono">.env.development.local</code>, which takes
              precedence over the repository&apos;s <code className="font-mono">.env.development</code>:
              <pre className="mt-2 overflow-x-auto rounded-lg bg-muted p-3 font-mono text-xs leading-relaxed">{exampleEnv}</pre>
            </li>
            <li>
              Copy the real values from where your backend runs:
              <ul className="mt-2 grid list-disc gap-1.5 pl-5">
                <li>
                  the local stack in this repository: <code className="font-mono">npm run stack -- status</code> prints the API URL and anon key;
                </li>
                <li>
                  the Supabase CLI (<code className="font-mono">supabase start</code>): <code className="font-mono">supabase status</code> prints the API URL and anon key;
                </li>
                <li>a hosted project: the dashboard, Project Settings, API (Project URL and the anon public key).</li>
              </ul>
            </li>
            <li>
              Restart the dev server, or build again: Vite reads these values when it starts or builds, and a deployed build needs them
              set in the host&apos;s build environment.
            </li>
          </ol>
          <p className="mt-4 text-xs text-muted-foreground">Never use the service role key here: it would give every visitor full access to the database.</p>
        </section>
      </div>
    </main>
  );
}
