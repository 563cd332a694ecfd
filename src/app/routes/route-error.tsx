import { isRouteErrorResponse, useRouteError } from 'react-router';
import { ErrorPage } from '@/components/errors/error-page';
import { isNetworkError } from '@/lib/errors';

/** What Chrome, Firefox and Safari say when a lazy-loaded part of the app cannot be downloaded. */
const MODULE_NOT_LOADED = /dynamically imported module|Importing a module script failed/i;

/** Any error while loading or rendering a page; a failed chunk download (after a deploy) included. */
export function RouteError() {
  const error = useRouteError();
  if (isRouteErrorResponse(error)) {
    return <ErrorPage title={`${error.status} ${error.statusText}`} detail={typeof error.data === 'string' ? error.data : undefined} />;
  }
  const message = error instanceof Error ? error.message : String(error);
  if (MODULE_NOT_LOADED.test(message) || isNetworkError(error)) {
    return (
      <ErrorPage
        title="This page could not be loaded"
        message="Part of the app could not be downloaded: the network may be down, or a new version was just deployed. Reload to get the latest version."
        detail={message}
      />
    );
  }
  return <ErrorPage detail={message} />;
}
