// discovery: refresh a connection's models (docs/functions-api.md).
// Config: [functions.discovery] verify_jwt = true.
import { createDiscoveryHandler } from '../_shared/handlers/discovery-handler.ts';
import { productionDeps } from '../_shared/connections/runtime.ts';
import { handle } from '../_shared/http.ts';

Deno.serve(handle(createDiscoveryHandler(productionDeps('discovery'))));
