import { useState, type ComponentType } from 'react';
import { createBrowserRouter, Navigate, RouterProvider, type RouteObject } from 'react-router';
import { FullPageSpinner } from '@/components/layout/full-page-spinner';
import { DEFAULT_APP_PATH, paths } from '@/config/paths';
import { RouteError } from './routes/route-error';

type RouteModule = { default: ComponentType };

/** Route modules load on first visit, so the sign-in page does not download the whole app. */
const lazyRoute = (load: () => Promise<RouteModule>) => async () => ({ Component: (await load()).default });

const appPage = (path: string, load: () => Promise<RouteModule>): RouteObject => ({ path, lazy: lazyRoute(load) });

export const routes: RouteObject[] = [
  {
    ErrorBoundary: RouteError,
    HydrateFallback: FullPageSpinner,
    children: [
      { path: paths.signIn, lazy: lazyRoute(() => import('./routes/sign-in')) },
      { path: paths.signUp, lazy: lazyRoute(() => import('./routes/sign-up')) },
      {
        path: paths.home,
        lazy: lazyRoute(() => import('./routes/app/root')),
        children: [
          { index: true, element: <Navigate to={DEFAULT_APP_PATH} replace /> },
          appPage(paths.connections, () => import('./routes/app/connections')),
          appPage(paths.connectionDetail, () => import('./routes/app/connection-detail')),
          appPage(paths.models, () => import('./routes/app/models')),
          appPage(paths.runtime, () => import('./routes/app/runtime')),
          appPage(paths.playground, () => import('./routes/app/playground')),
          appPage(paths.generations, () => import('./routes/app/generations')),
          appPage(paths.collections, () => import('./routes/app/collections')),
          appPage(paths.collectionDetail, () => import('./routes/app/collection-detail')),
          appPage(paths.settings, () => import('./routes/app/settings')),
        ],
      },
      { path: '*', lazy: lazyRoute(() => import('./routes/not-found')) },
    ],
  },
];

export function AppRouter() {
  const [router] = useState(() => createBrowserRouter(routes));
  return <RouterProvider router={router} />;
}
