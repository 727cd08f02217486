import canonicalize from 'canonicalize';

// RFC 8785 canonical JSON, exactly as the `canonicalize` package writes it, faster for what the
// logbook holds (values parsed from JSON): keys sorted into a fresh object, then one native
// JSON.stringify. That is the same text whenever no key looks like an array index (JavaScript
// would order those first, not by UTF-16 code units), every string is well-formed, and every
// number is finite; anything else goes through `canonicalize` itself (and its errors).

const INDEX_LIKE = /^(?:0|[1-9]\d*)$/;

export function canonicalJson(value: unknown): string | undefined {
  const sorted = sortedCopy(value, 0);
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
  if (Array.isArray(v)) {
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) {
      const x = sortedCopy(v[i], depth + 1);
      if (x === UNSAFE) return UNSAFE;
      out[i] = x;
    }
    return out;
  }
  // A plain object (JSON.stringify writes it faster than a null-prototype one, whose keys V8 keeps in
  // a dictionary), so a `__proto__` key, which would set its prototype, is left to canonicalize.
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(v).sort()) {
    if (INDEX_LIKE.test(key) || key === '__proto__' || !wellFormed(key)) return UNSAFE;
    const x = sortedCopy((v as Record<string, unknown>)[key], depth + 1);
    if (x === UNSAFE) return UNSAFE;
    out[key] = x;
  }
  return out;
}
