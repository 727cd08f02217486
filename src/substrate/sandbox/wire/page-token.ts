import { sha256Hex } from '../../../core/hash.js';

// Opaque pagination tokens (IAM Marker, SSM NextToken). A token remembers where the next page
// starts and a fingerprint of the request it belongs to, so a token replayed with other
// parameters is refused the way AWS refuses it, instead of silently paging something else.

export function requestFingerprint(request: unknown): string {
  return sha256Hex(JSON.stringify(request)).slice(0, 16); // one-shot: no Hash object per request
}

export function encodePageToken(position: string | number, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ p: position, f: fingerprint }), 'utf8').toString('base64url');
}

/** The position stored in the token, or undefined when the token is malformed or belongs elsewhere. */
export function decodePageToken(token: string, fingerprint: string): string | number | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (!parsed || typeof parsed !== 'object') return undefined;
    const { p, f } = parsed as { p?: unknown; f?: unknown };
    if (f !== fingerprint) return undefined;
    return typeof p === 'string' || typeof p === 'number' ? p : undefined;
  } catch {
    return undefined;
  }
}
