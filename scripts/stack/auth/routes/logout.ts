import { authenticate } from '../authenticate.ts';
import type { RouteHandler } from '../context.ts';
import { badRequest } from '../errors.ts';
import { sendNoContent } from '../http.ts';
import { deleteSession, deleteUserSessions } from '../sessions.ts';

/**
 * POST /logout?scope=global|local|others. Sessions are deleted, which takes their refresh tokens
 * with them; access tokens naming a deleted session are refused from then on, so sign-out takes
 * effect immediately rather than when the access token expires.
 */
export const logout: RouteHandler = async (ctx, { req, res, query }) => {
  const { user, session } = await authenticate(ctx, req);
  const scope = query.get('scope') ?? '';
  if (!['', 'global', 'local', 'others'].includes(scope)) {
    throw badRequest('validation_failed', `Unsupported logout scope ${JSON.stringify(scope)}`);
  }
  if (session && scope === 'local') await deleteSession(ctx.pool, session.id);
  else if (session && scope === 'others') await deleteUserSessions(ctx.pool, user.id, session.id);
  // Global, and any token without a session: sign the user out everywhere.
  else await deleteUserSessions(ctx.pool, user.id);
  sendNoContent(res);
};
