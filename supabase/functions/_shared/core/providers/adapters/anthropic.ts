/**
 * Anthropic: `GET https://api.anthropic.com/v1/models` with `x-api-key` and
 * `anthropic-version: 2023-06-01`. Paginated: `{ data, has_more, first_id, last_id }`; the next
 * page is `?after_id=<last_id>`, and `limit` goes up to 1000 (default 20).
 * Entries: `{ id, type: "model", display_name, created_at }`, and in newer API versions
 * `max_input_tokens`, `max_tokens` and `capabilities` ({ image_input: { supported }, thinking:
 * { supported }, ... }, possibly null).
 */
import { asPositiveInteger, asRecord, asString, capabilitySet, finalizeModels } from '../parse.ts';
import { type DiscoveryAdapter, type NormalizedModel, ShapeError } from '../types.ts';

function supported(capabilities: Record<string, unknown> | undefined, name: string): boolean {
  return asRecord(capabilities?.[name])?.supported === true;
}

export const anthropicAdapter: DiscoveryAdapter = {
  id: 'anthropic',
  pageQuery(cursor) {
    const query: Record<string, string> = { limit: '1000' };
    if (cursor) query.after_id = cursor;
    return query;
  },
  parse(body) {
    const page = asRecord(body);
    if (!page || !Array.isArray(page.data)) {
      throw new ShapeError('Expected an Anthropic model list: an object with a "data" array');
    }
    const models: NormalizedModel[] = [];
    let skipped = 0;
    for (const raw of page.data) {
      const entry = asRecord(raw);
      const id = asString(entry?.id);
      if (!entry || !id) {
        skipped++;
        continue;
      }
      const capabilities = asRecord(entry.capabilities);
      const model: NormalizedModel = {
        modelId: id,
        displayName: asString(entry.display_name) ?? id,
        contextLength: asPositiveInteger(entry.max_input_tokens),
        // Every model the Models API lists (Claude 3 and later) takes tools and images; when the
        // API says otherwise through `capabilities`, that wins.
        capabilities: capabilities
          ? capabilitySet([
            'chat',
            'tools',
            supported(capabilities, 'image_input') && 'vision',
            supported(capabilities, 'thinking') && 'reasoning',
          ])
          : ['chat', 'vision', 'tools'],
      };
      const details: Record<string, string | number> = {};
      const createdAt = asString(entry.created_at);
      if (createdAt) details.createdAt = createdAt;
      const maxTokens = asPositiveInteger(entry.max_tokens);
      if (maxTokens) details.maxOutputTokens = maxTokens;
      if (Object.keys(details).length) model.details = details;
      models.push(model);
    }
    const final = finalizeModels(models);
    const lastId = asString(page.last_id);
    return {
      models: final.models,
      skipped: skipped + final.skipped,
      nextCursor: page.has_more === true && lastId ? lastId : undefined,
    };
  },
};
