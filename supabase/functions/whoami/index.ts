// whoami: who the platform says is calling (user id and role from the verified JWT). A diagnostic
// for developers and the proof that verify_jwt is enforced. Config: [functions.whoami] verify_jwt = true.
import { callerFromRequest } from '../_shared/caller.ts';
import { allowMethods, handle, json } from '../_shared/http.ts';

Deno.serve(handle((request) => {
  allowMethods(request, 'GET', 'POST');
  const caller = callerFromRequest(request);
  return json({
    user_id: caller.userId,
    role: caller.role,
    email: caller.email,
    session_id: caller.sessionId,
    aal: caller.aal,
    is_anonymous: caller.isAnonymous,
  });
}));
