/**
 * A connection the database refused to save, as a sentence next to the field it concerns: the
 * connections table's constraints, named in the refusal, say which field. Anything else is
 * described by '@/lib/errors'.
 */
import { metadataAddressProblem } from '@/lib/base-url';
import { describeError, isPostgrestError, isUnstorableTextError, PostgresCode, refusalMentions, UNSTORABLE_TEXT_MESSAGE } from '@/lib/errors';

export type ConnectionField = 'name' | 'kind' | 'base_url' | 'models_path' | 'auth_header' | 'api_key';

export interface DescribedError {
  /** The form field the message belongs next to; null for the whole form (or a toast). */
  field: ConnectionField | null;
  message: string;
}

/**
 * Errors saving a connection row, mapped to the field they concern. `baseUrl` is the address that
 * was sent: a metadata refusal from the database reads exactly like the form's own.
 */
export function describeConnectionSaveError(error: unknown, name: string, baseUrl?: string): DescribedError {
  if (isPostgrestError(error)) {
    const { code } = error;
    if (code === PostgresCode.uniqueViolation && refusalMentions(error, /connections_owner_name_key/)) {
      return { field: 'name', message: `You already have a connection named “${name}”. Choose another name.` };
    }
    if (code === PostgresCode.checkViolation && refusalMentions(error, /connections_base_url_not_metadata/)) {
      return { field: 'base_url', message: (baseUrl && metadataAddressProblem(baseUrl)) || error.message };
    }
    if (isUnstorableTextError(error)) return { field: null, message: UNSTORABLE_TEXT_MESSAGE };
    if (code === PostgresCode.checkViolation) {
      if (refusalMentions(error, /connections_base_url_http/)) {
        return { field: 'base_url', message: 'Use an http:// or https:// address without a user name or password.' };
      }
      if (refusalMentions(error, /connections_name_(length|trimmed)/)) {
        return { field: 'name', message: 'Use a name of 1 to 100 characters without line breaks or surrounding spaces.' };
      }
      if (refusalMentions(error, /connections_models_path/) || /models path/i.test(error.message)) {
        return { field: 'models_path', message: error.message.includes('models path') ? error.message : 'Enter a path that starts with a slash, like /v1/models.' };
      }
      if (refusalMentions(error, /connections_auth_header_format/)) {
        return { field: 'auth_header', message: 'Use a header name of letters, digits and dashes, like X-API-Key.' };
      }
    }
    if (code === PostgresCode.foreignKeyViolation && refusalMentions(error, /kind/)) {
      return { field: 'kind', message: 'This kind of connection is not known to the server. Reload the page and choose again.' };
    }
  }
  return { field: null, message: describeError(error, 'The connection could not be saved') };
}
