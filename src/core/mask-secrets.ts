// Law 6: no secret value is ever written. Everything bound for the logbook, impl_actual or a sealed
// verdict passes through here. Masking is by key name (password, token, …) and by value shape
// (AWS access key ids, 40-char secret access keys, `password=…` in free text). SSM parameter paths
// and ARNs are names of secrets, not secrets, so they stay readable.

export const MASK = '***';

const SECRET_KEY = /passw(?:or)?d|passphrase|secret|token|api[-_]?key|credential|private[-_]?key|authorization/i;
const SSM_PATH = /^\/[A-Za-z0-9_.\-/]+$/;
const ARN = /^arn:aws[a-z-]*:[a-z0-9-]*:/;
const ACCESS_KEY_ID = /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g;
// A 40-char run of base64 characters, as an `aws_secret_access_key` is, not part of a longer run.
const SECRET_ACCESS_KEY = /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;
const INLINE_ASSIGNMENT = /\b(passw(?:or)?d|secret|token|api[-_]?key|aws_secret_access_key)(\s*[=:]\s*)([^\s,;'"&]+)/gi;

/** True for SSM paths and ARNs: they name a secret, they are not one. */
export function isSecretReference(value: string): boolean {
  return SSM_PATH.test(value) || ARN.test(value);
}

/** A copy of `value` with secret-looking strings replaced by `***`. Non-JSON objects pass through. */
export function maskSecrets(value: unknown): unknown {
  return mask(value, false, new WeakSet());
}

function mask(value: unknown, secretKey: boolean, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return secretKey ? maskSecretField(value) : maskText(value);
  if (value === null || typeof value !== 'object') return value; // numbers/booleans: counts and flags, not secrets
  if (seen.has(value)) return value; // cycles are rejected later by JSON serialisation
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => mask(v, secretKey, seen));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = mask(v, secretKey || SECRET_KEY.test(k), seen);
  return out;
}

/** A value under a secret-named key: masked whole unless it is an SSM path or ARN. */
function maskSecretField(value: string): string {
  if (value === '' || isSecretReference(value)) return value;
  return MASK;
}

/** Free text: only the secret-looking parts are replaced, so the rest stays readable. */
export function maskText(value: string): string {
  let out = value.replace(ACCESS_KEY_ID, MASK);
  if (!isSecretReference(out)) out = out.replace(SECRET_ACCESS_KEY, (m) => (looksRandom(m) ? MASK : m));
  return out.replace(INLINE_ASSIGNMENT, (m, key: string, sep: string, v: string) =>
    isSecretReference(v) || v === MASK ? m : `${key}${sep}${MASK}`,
  );
}

// Git SHAs and hex digests are 40 chars too; a real secret key mixes upper, lower and digits.
function looksRandom(s: string): boolean {
  return /[A-Z]/.test(s) && /[a-z]/.test(s) && /[0-9]/.test(s);
}

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}
