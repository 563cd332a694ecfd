// generate: run a prompt on a connection with its stored key and stream the answer (docs/functions-api.md).
// Config: [functions.generate] verify_jwt = true.
import { createGenerateHandler } from '../_shared/handlers/generate-handler.ts';
import { productionDeps } from '../_shared/connections/runtime.ts';
import { handle } from '../_shared/http.ts';

Deno.serve(handle(createGenerateHandler(productionDeps('generate'))));
