// lockbox: set, replace or remove a connection's API key (docs/functions-api.md). Refuses to work
// without a master key (LOCKBOX_KEYS): logs why at startup and answers 503 lockbox_unavailable.
// Config: [functions.lockbox] verify_jwt = true.
import { createLockboxHandler } from '../_shared/handlers/lockbox-handler.ts';
import { productionDeps } from '../_shared/connections/runtime.ts';
import { handle } from '../_shared/http.ts';

Deno.serve(handle(createLockboxHandler(productionDeps('lockbox', { keyringRequired: true }))));
