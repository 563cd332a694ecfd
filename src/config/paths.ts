/** Every route's URL in one place, so links and redirects never drift from the router. */
export const paths = {
  home: '/',
  signIn: '/sign-in',
  signUp: '/sign-up',
  connections: '/connections',
  connectionDetail: '/connections/:connectionId',
  models: '/models',
  runtime: '/runtime',
  playground: '/playground',
  generations: '/generations',
  collections: '/collections',
  settings: '/settings',
} as const;

/** The page of one connection. */
export const connectionPath = (id: string) => `/connections/${encodeURIComponent(id)}`;

/** Where signed-in people land when nothing else was asked for. */
export const DEFAULT_APP_PATH = paths.connections;
