/**
 * How long Ollama keeps a model in memory after a run or a load (keep_alive): a duration such as
 * "5m", "1h", "1h30m" or "90" (seconds), or a negative number for "forever". The same pattern as
 * the model_presets_keep_alive_format check constraint, so what a form accepts the database does.
 */
export const KEEP_ALIVE = /^-?[0-9]+(\.[0-9]+)?(ms|s|m|h)?([0-9]+(\.[0-9]+)?(ms|s|m|h))*$/;
