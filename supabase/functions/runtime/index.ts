// runtime: see, load, unload and delete models on a self-hosted server (docs/functions-api.md).
// Config: [functions.runtime] verify_jwt = true.
import { createRuntimeHandler } from '../_shared/handlers/runtime-handler.ts';
import { productionDeps } from '../_shared/connections/runtime.ts';
import { handle } from '../_shared/http.ts';

Deno.serve(handle(createRuntimeHandler(productionDeps('runtime'))));
