import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ConfigErrorPage } from '@/components/errors/config-error-page';
import { ErrorBoundary } from '@/components/errors/error-boundary';
import { ErrorPage } from '@/components/errors/error-page';
import { readEnv } from '@/config/env';
import './index.css';

const root = createRoot(document.getElementById('root')!);
const env = readEnv();

if (!env.ok) {
  // The app (and with it the Supabase client) is never loaded without a valid configuration.
  root.render(<ConfigErrorPage problems={env.problems} />);
} else {
  import('./app')
    .then(({ App }) =>
      root.render(
        <StrictMode>
          <ErrorBoundary fallback={(error) => <ErrorPage detail={error.message} />}>
            <App />
          </ErrorBoundary>
        </StrictMode>,
      ),
    )
    .catch((error: unknown) =>
      root.render(
        <ErrorPage
          title="Switchboard could not start"
          message="The app could not be downloaded. Check your connection and reload."
          detail={error instanceof Error ? error.message : String(error)}
        />,
      ),
    );
}
