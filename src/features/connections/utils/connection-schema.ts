import { z } from 'zod';
import type { ProbeFrom, ProviderKind } from '../types/connections';

/** The form's raw text values (what the inputs hold, kept as typed whatever happens). */
export type ConnectionFormValues = {
  name: string;
  kind: string;
  base_url: string;
  models_path: string;
  auth_header: string;
  probe_from: string;
  api_key: string;
};

/** What a valid form becomes: the connections row to write, and the key for the lockbox. */
export interface ConnectionInput {
  name: string;
  kind: string;
  base_url: string;
  models_path: string | null;
  auth_header: string | null;
  probe_from: ProbeFrom;
  /** Null: leave the stored key as it is (or store none). */
  api_key: string | null;
}

type KindFacts = Pick<ProviderKind, 'id' | 'label' | 'category' | 'default_base_url' | 'models_path'>;

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

export const connectionNameSchema = z
  .string()
  .trim()
  .min(1, 'Give the connection a name, like "Home Ollama".')
  .max(100, 'Keep the name to 100 characters or fewer.')
  .refine((name) => !CONTROL_CHARACTERS.test(name), 'The name cannot contain line breaks or tabs.');

/** Removes surrounding spaces and trailing slashes: "http://host:11434/ " -> "http://host:11434". */
export function normalizeBaseUrl(value: string): string {
  const trimmed = value.trim();
  return trimmed.replace(/\/+$/, '') || trimmed;
}

/** A sentence saying what is wrong with a base URL, or null when it is fine. */
export function baseUrlProblem(value: string): string | null {
  if (value === '') return "Enter the server's address, like http://localhost:11434.";
  if (/\s/.test(value)) return 'The address cannot contain spaces.';
  // "localhost:11434" parses as a URL whose scheme is "localhost:", so look for "://" first.
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return 'Start the address with http:// or https://, like http://localhost:11434.';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'This is not a valid address. Check it for typos.';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'Only http:// and https:// addresses are supported.';
  if (url.username || url.password || /^https?:\/\/[^/?#]*@/i.test(value)) {
    return 'Remove the user name and password from the address; put the key in the API key field instead.';
  }
  if (!url.hostname) return 'The address needs a host name, like localhost or api.example.com.';
  if (value.length > 2048) return 'The address is too long (2,048 characters at most).';
  return null;
}

const AUTH_HEADER = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;

/**
 * The add/edit form's schema. It needs the kinds: cloud kinds fall back to their default base URL,
 * and a kind without a models path of its own (custom) needs one from the user.
 */
export function connectionFormSchema(kinds: readonly KindFacts[]) {
  const byId = new Map(kinds.map((k) => [k.id, k]));
  return z
    .object({
      name: z.string(),
      kind: z.string(),
      base_url: z.string(),
      models_path: z.string(),
      auth_header: z.string(),
      probe_from: z.string(),
      api_key: z.string(),
    })
    .transform((values, ctx): ConnectionInput => {
      // Every field is checked here, in one pass, so all problems show at once.
      const name = connectionNameSchema.safeParse(values.name);
      if (!name.success) ctx.addIssue({ code: 'custom', path: ['name'], message: name.error.issues[0]?.message ?? 'Check the name.' });
      const kind = byId.get(values.kind);
      if (!kind) {
        ctx.addIssue({ code: 'custom', path: ['kind'], message: 'Choose what kind of server this is.' });
        return z.NEVER;
      }
      const baseUrl = normalizeBaseUrl(values.base_url) || kind.default_base_url || '';
      const urlProblem = baseUrlProblem(baseUrl);
      if (urlProblem) ctx.addIssue({ code: 'custom', path: ['base_url'], message: urlProblem });

      const needsPath = kind.models_path === null;
      const path = needsPath ? values.models_path.trim() : '';
      if (needsPath) {
        if (path === '') ctx.addIssue({ code: 'custom', path: ['models_path'], message: 'Enter the path that lists the models, like /v1/models.' });
        else if (!path.startsWith('/')) ctx.addIssue({ code: 'custom', path: ['models_path'], message: 'Start the path with a slash, like /v1/models.' });
        else if (/\s/.test(path)) ctx.addIssue({ code: 'custom', path: ['models_path'], message: 'The path cannot contain spaces.' });
        else if (path.length > 512) ctx.addIssue({ code: 'custom', path: ['models_path'], message: 'The path is too long (512 characters at most).' });
      }

      const header = needsPath ? values.auth_header.trim() : '';
      if (header !== '' && !AUTH_HEADER.test(header)) {
        ctx.addIssue({ code: 'custom', path: ['auth_header'], message: 'Use a header name of letters, digits and dashes, like X-API-Key.' });
      }

      const key = values.api_key.trim();
      if (key.length > 4096) ctx.addIssue({ code: 'custom', path: ['api_key'], message: 'This key is too long (4,096 characters at most).' });

      return {
        name: name.success ? name.data : values.name,
        kind: kind.id,
        base_url: baseUrl,
        models_path: needsPath ? path : null,
        auth_header: header === '' ? null : header,
        // Cloud APIs are always reachable from the server; only self-hosted ones may need the browser.
        probe_from: kind.category === 'self_hosted' && values.probe_from === 'browser' ? 'browser' : 'server',
        api_key: key === '' ? null : key,
      };
    });
}
