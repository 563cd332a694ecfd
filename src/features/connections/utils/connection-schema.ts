import { z } from 'zod';
import { baseUrlProblem, normalizeBaseUrl } from '@/lib/base-url';
import { storableText, unstorableTextMessage } from '@/lib/storable-text';
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
  .check(storableText('The name'))
  .trim()
  .min(1, 'Give the connection a name, like "Home Ollama".')
  .max(100, 'Keep the name to 100 characters or fewer.')
  .refine((name) => !CONTROL_CHARACTERS.test(name), 'The name cannot contain line breaks or tabs.');

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
        const unstorable = unstorableTextMessage('The path', path);
        if (unstorable) ctx.addIssue({ code: 'custom', path: ['models_path'], message: unstorable });
        else if (path === '') ctx.addIssue({ code: 'custom', path: ['models_path'], message: 'Enter the path that lists the models, like /v1/models.' });
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
