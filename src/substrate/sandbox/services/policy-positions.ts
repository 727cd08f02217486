import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { lineColumnAt } from '../../../core/json-location.js';

// SimulatePrincipalPolicy reports where each matched statement sits in the policy text
// (StartPosition/EndPosition, 1-based line and column): jsonc-parser's syntax tree gives each
// statement's offsets without a hand-written JSON scanner. (It was the yaml parser, JSON being
// YAML; jsonc-parser is ~8× smaller, and the emulator's thread loads it while the session waits:
// test/substrate/sandbox/policy-positions.test.ts checks both give the same spans.)

export interface TextPosition {
  Line: number;
  Column: number;
}
export interface StatementSpan {
  start: TextPosition;
  end: TextPosition;
}

/** The text AWS would hold for a stored policy: pretty-printed JSON, 4-space indent. */
export function policyText(document: unknown): string {
  return JSON.stringify(document, null, 4);
}

// A policy's text changes only with the state file, while a pass simulates the same principals
// again and again (the 200-role bench parsed every policy once per request): spans are kept per
// text, for the most recent texts only, so a long-running `sandbox serve` does not grow.
const known = new Map<string, StatementSpan[]>();
/** How many recent policy texts keep their spans. */
export const SPAN_TEXTS_KEPT = 512;

/** Spans of Statement[0..n-1] (a single-object Statement counts as one). */
export function statementSpans(text: string): StatementSpan[] {
  let spans = known.get(text);
  if (!spans) {
    spans = parseSpans(text);
    if (known.size >= SPAN_TEXTS_KEPT) known.delete(known.keys().next().value!);
    known.set(text, spans);
  }
  return spans;
}

function parseSpans(text: string): StatementSpan[] {
  const root = parseTree(text);
  if (root?.type !== 'object') return [];
  const statement = findNodeAtLocation(root, ['Statement']);
  const nodes = statement?.type === 'array' ? (statement.children ?? []) : statement ? [statement] : [];
  const at = (offset: number): TextPosition => {
    const { line, col } = lineColumnAt(text, offset);
    return { Line: line, Column: col };
  };
  return nodes.map((node) => ({ start: at(node.offset), end: at(node.offset + node.length) }));
}
