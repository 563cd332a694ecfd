// server-config: which kinds have a server key, whether private endpoints are allowed, whether
// the lockbox is configured (docs/functions-api.md). Config: [functions.server-config] verify_jwt = true.
import { createServerConfigHandler } from '../_shared/handlers/server-config-handler.ts';
import { productionDeps } from '../_shared/connections/runtime.ts';
import { handle } from '../_shared/http.ts';

Deno.serve(handle(createServerConfigHandler(productionDeps('server-config'))));
