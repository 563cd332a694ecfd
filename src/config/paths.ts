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
  collectionDetail: '/collections/:collectionId',
  settings: '/settings',
} as const;

/** The page of one connection. */
export const connectionPath = (id: string) => `/connections/${encodeURIComponent(id)}`;

/** The page of one collection. */
export const collectionPath = (id: string) => `/collections/${encodeURIComponent(id)}`;

/** Where signed-in people land when nothing else was asked for. */
export const DEFAULT_APP_PATH = paths.connections;
