/**
 * Custom endpoints: the user gives the models path and (optionally) the header carrying the key.
 * Servers behind such paths answer in whatever shape their authors liked, so this accepts the
 * common ones: OpenAI's `{ data: [...] }`, a bare array, or `{ models: [...] }`, with entries that
 * are objects (id, name or model) or plain strings.
 */
import { asRecord, asString } from '../parse.ts';
import { type DiscoveryAdapter, ShapeError } from '../types.ts';
import { parseOpenAiList } from './openai.ts';

function normalizeEntry(entry: unknown): unknown {
  if (typeof entry === 'string') return { id: entry };
  const record = asRecord(entry);
  if (record && asString(record.id) === undefined) {
    const id = asString(record.model) ?? asString(record.name);
    if (id) return { ...record, id };
  }
  return entry;
}

export const customAdapter: DiscoveryAdapter = {
  id: 'custom',
  parse(body) {
    const record = asRecord(body);
    const list = Array.isArray(body) ? body : Array.isArray(record?.data) ? record!.data : record?.models;
    if (!Array.isArray(list)) {
      throw new ShapeError('Expected a model list: an array, or an object with a "data" or "models" array');
    }
    return parseOpenAiList((list as unknown[]).map(normalizeEntry), { allowBareArray: true });
  },
};
