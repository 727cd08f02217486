import canonicalize from 'canonicalize';

// RFC 8785 canonical JSON, exactly as the `canonicalize` package writes it, faster for what the
// logbook holds (values parsed from JSON): keys sorted (into a fresh object where needed), then one native
// JSON.stringify. That is the same text whenever no key looks like an array index (JavaScript
// would order those first, not by UTF-16 code units), every string is well-formed, and every
// number is finite; anything else goes through `canonicalize` itself (and its errors).

const INDEX_LIKE = /^(?:0|[1-9]\d*)$/;

export function canonicalJson(value: unknown): string | undefined {
  const sorted = sortedCopy(value, 0);
  // Stryker disable next-line ConditionalExpression: equivalent by design, canonicalize writes every value the same text (only slower); sortedForJson's tests pin when the fast path is taken.
  return sorted === UNSAFE ? canonicalize(value) : JSON.stringify(sorted);
}

export const UNSAFE = Symbol('unsafe');

/** The value with keys sorted at every depth, which JSON.stringify writes as RFC 8785; UNSAFE when only `canonicalize` may write it. */
export function sortedForJson(value: unknown): unknown {
  return sortedCopy(value, 0);
}

// Node ≥ 20 has it; TypeScript's lib for our target does not declare it yet.
export const wellFormed = (s: string) => (s as string & { isWellFormed(): boolean }).isWellFormed();

function sortedCopy(v: unknown, depth: number): unknown {
  if (typeof v === 'string') return wellFormed(v) ? v : UNSAFE;
  if (typeof v === 'number') return Number.isFinite(v) ? v : UNSAFE;
  if (v === null || typeof v === 'boolean') return v;
  if (typeof v !== 'object' || depth > 64) return UNSAFE; // undefined, functions, symbols, bigint, deep nesting
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return UNSAFE;
  // A value already in RFC 8785 order is returned as it is (nothing allocated: verify runs this on
  // every record); a copy is made only where something below it had to be sorted.
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const x = sortedCopy(v[i], depth + 1);
      if (x === UNSAFE) return UNSAFE;
      if (x !== v[i]) out ??= v.slice(0, i);
      if (out) out.push(x);
    }
    return out ?? v;
  }
  // A plain object (JSON.stringify writes it faster than a null-prototype one, whose keys V8 keeps in
  // a dictionary), so a `__proto__` key, which would set its prototype, is left to canonicalize.
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  let inOrder = true;
  // Stryker disable next-line EqualityOperator: equivalent, keys are unique, so >= and > agree.
  for (let i = 1; i < keys.length && inOrder; i++) inOrder = keys[i - 1]! < keys[i]!;
  // Stryker disable next-line ConditionalExpression: equivalent, sorting keys already in order changes nothing.
  if (!inOrder) keys.sort();
  let copied = !inOrder;
  // Stryker disable next-line ArrayDeclaration: equivalent, the array is filled index by index either way.
  const values = new Array<unknown>(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (INDEX_LIKE.test(key) || key === '__proto__' || !wellFormed(key)) return UNSAFE;
    const x = sortedCopy(o[key], depth + 1);
    if (x === UNSAFE) return UNSAFE;
    if (x !== o[key]) copied = true;
    values[i] = x;
  }
  if (!copied) return v;
  const out: Record<string, unknown> = {};
  // Stryker disable next-line EqualityOperator: equivalent, one more step sets the key "undefined" to undefined, which JSON.stringify leaves out.
  for (let i = 0; i < keys.length; i++) out[keys[i]!] = values[i];
  return out;
}
