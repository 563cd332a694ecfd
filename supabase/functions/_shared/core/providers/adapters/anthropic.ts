/**
 * Anthropic: `GET https://api.anthropic.com/v1/models` with `x-api-key` and
 * `anthropic-version: 2023-06-01`. Paginated: `{ data, has_more, first_id, last_id }`; the next
 * page is `?after_id=<last_id>`, and `limit` goes up to 1000 (default 20).
 * Entries: `{ id, type: "model", display_name, created_at }`, and in newer API versions
 * `max_input_tokens`, `max_tokens` and `capabilities` ({ image_input: { supported }, thinking:
 * { supported }, ... }, possibly null).
 */
import { asPositiveInteger, asRecord, asString, capabilitySet, compactDetails, readEntries } from '../parse.ts';
import { type DiscoveryAdapter, ShapeError } from '../types.ts';

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
    const parsed = readEntries(page.data, (entry) => {
      const id = asString(entry.id);
      if (!id) return null;
      const capabilities = asRecord(entry.capabilities);
      return {
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
        details: compactDetails({
          createdAt: asString(entry.created_at),
          maxOutputTokens: asPositiveInteger(entry.max_tokens),
        }),
      };
    });
    const lastId = asString(page.last_id);
    return { ...parsed, nextCursor: page.has_more === true && lastId ? lastId : undefined };
  },
};
