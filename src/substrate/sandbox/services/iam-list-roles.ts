import { AwsServiceError } from '../wire/aws-error.js';
import { decodePageToken, encodePageToken, requestFingerprint } from '../wire/page-token.js';
import type { QueryHandler } from '../wire/query-handler.js';
import { roleXml } from './iam-roles.js';
import { readMaxItems } from './iam-paging.js';

// iam:ListRoles as IAM answers it: the roles whose path starts with PathPrefix (default /, every
// role), MaxItems at a time (default 100, at most 1000) with IsTruncated and an opaque Marker.
// Listed roles leave out what IAM's listing leaves out (Tags, RoleLastUsed, PermissionsBoundary).

/** IAM's pathPrefixType: a slash, then printable ASCII; at most 512 characters. */
const PATH_PREFIX = /^\u002F[\u0021-\u007F]*$/;

export const listRoles: QueryHandler = async (state, params) => {
  const prefix = params.get('PathPrefix') ?? '/';
  if (!PATH_PREFIX.test(prefix) || prefix.length > 512) {
    throw new AwsServiceError(
      'ValidationError',
      `1 validation error detected: Value '${prefix}' at 'pathPrefix' failed to satisfy constraint: Member must satisfy regular expression pattern: \\u002F[\\u0021-\\u007F]*`,
      400,
    );
  }
  const maxItems = readMaxItems(params.get('MaxItems'));
  const fingerprint = requestFingerprint(['ListRoles', prefix]);
  const marker = params.get('Marker');
  // The cursor is the last name returned, so roles created or deleted between pages neither
  // repeat nor skip the others (names are unique regardless of case, and listed in that order).
  const position = marker === null ? '' : decodePageToken(marker, fingerprint);
  if (typeof position !== 'string') throw new AwsServiceError('InvalidInput', 'Invalid Marker.', 400);
  const after = marker === null ? undefined : position;
  const key = (name: string) => name.toLowerCase();
  const names = Object.keys(state.roles)
    .filter((name) => state.roles[name]!.path.startsWith(prefix))
    .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
    .filter((name) => after === undefined || key(name) > key(after));
  const page = names.slice(0, maxItems);
  const truncated = names.length > page.length;
  return {
    Roles: page.map((name) => {
      const { Tags: _tags, RoleLastUsed: _used, ...listed } = roleXml(state, name, state.roles[name]!);
      return listed;
    }),
    IsTruncated: truncated,
    Marker: truncated ? encodePageToken(page.at(-1)!, fingerprint) : undefined,
  };
};
