import { isDeepStrictEqual } from 'node:util';
import { resolvePointer } from './json-pointer.js';

// Assertions over a JSON evidence file, written as `<pointer> <op> <value>`:
//   /overall_pass == true     /blockers == []     /image_digest =~ ^sha256:[0-9a-f]{64}$
//   /monthly_target_gbp <= 30     /runtime_scope_bundle exists     /debug absent
// The value is JSON when it parses as JSON, otherwise the literal text.

export const OPS = ['==', '!=', '=~', '<=', '>=', '<', '>', 'exists', 'absent'] as const;
type Op = (typeof OPS)[number];

export interface Assertion {
  pointer: string;
  op: Op;
  expected?: unknown;
  text: string;
}

const FORM = /^(\/\S*|"")\s+(==|!=|=~|<=|>=|<|>|exists|absent)(?:\s+(.*))?$/;

export function parseAssertion(text: string): Assertion | string {
  const m = FORM.exec(text.trim());
  if (!m) return `cannot read assertion "${text}": write "<json-pointer> <op> <value>" with op one of ${OPS.join(' ')}`;
  const [, pointer, op, rest] = m as unknown as [string, string, Op, string | undefined];
  const unary = op === 'exists' || op === 'absent';
  if (unary && rest) return `"${op}" takes no value in "${text}"`;
  if (!unary && rest === undefined) return `"${op}" needs a value in "${text}"`;
  if (op === '=~') {
    try {
      new RegExp(rest!);
    } catch {
      return `invalid regular expression in "${text}"`;
    }
  }
  return { pointer: pointer === '""' ? '' : pointer, op, expected: unary ? undefined : parseValue(rest!), text };
}

function parseValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** undefined when the assertion holds, else why it does not. */
export function checkAssertion(doc: unknown, a: Assertion): string | undefined {
  const { found, value } = resolvePointer(doc, a.pointer);
  if (a.op === 'exists') return found ? undefined : `${a.pointer} is missing`;
  if (a.op === 'absent') return found ? `${a.pointer} is present` : undefined;
  if (!found) return `${a.pointer} is missing`;
  const shown = JSON.stringify(value)?.slice(0, 120);
  switch (a.op) {
    case '==':
      return matches(value, a.expected) ? undefined : `${a.pointer} is ${shown}, expected ${JSON.stringify(a.expected)}`;
    case '!=':
      return matches(value, a.expected) ? `${a.pointer} is ${shown}, expected anything else` : undefined;
    case '=~':
      return typeof value === 'string' && new RegExp(String(a.expected)).test(value)
        ? undefined
        : `${a.pointer} is ${shown}, does not match ${String(a.expected)}`;
    default: {
      if (typeof value !== 'number' || typeof a.expected !== 'number') return `${a.pointer} is ${shown}: ${a.op} needs numbers`;
      const holds = { '<=': value <= a.expected, '>=': value >= a.expected, '<': value < a.expected, '>': value > a.expected }[a.op];
      return holds ? undefined : `${a.pointer} is ${shown}, expected ${a.op} ${a.expected}`;
    }
  }
}

/**
 * Deep equality, plus one allowance: a value written bare in YAML (`/account == 111122223333`)
 * parses as a number, but evidence usually holds ids as strings; compare those as text.
 */
function matches(value: unknown, expected: unknown): boolean {
  return isDeepStrictEqual(value, expected) || (typeof expected !== 'object' && value === String(expected));
}
