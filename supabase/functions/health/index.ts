// health: check one, some or all of the caller's connections, as JSON or an NDJSON stream
// (docs/functions-api.md). Config: [functions.health] verify_jwt = true.
import { createHealthHandler } from '../_shared/handlers/health-handler.ts';
import { productionDeps } from '../_shared/connections/runtime.ts';
import { handle } from '../_shared/http.ts';

Deno.serve(handle(createHealthHandler(productionDeps('health'))));
