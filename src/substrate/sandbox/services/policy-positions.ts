import { LineCounter, isMap, isSeq, parseDocument, type Node } from 'yaml';

// SimulatePrincipalPolicy reports where each matched statement sits in the policy text
// (StartPosition/EndPosition, 1-based line and column). JSON is YAML, so the yaml parser's source
// ranges give the offsets without a hand-written JSON scanner.

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
const KEEP = 512;

/** Spans of Statement[0..n-1] (a single-object Statement counts as one). */
export function statementSpans(text: string): StatementSpan[] {
  let spans = known.get(text);
  if (!spans) {
    spans = parseSpans(text);
    if (known.size >= KEEP) known.delete(known.keys().next().value!);
    known.set(text, spans);
  }
  return spans;
}

function parseSpans(text: string): StatementSpan[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const root = doc.contents;
  if (!isMap(root)) return [];
  const statement = root.get('Statement', true) as Node | undefined;
  const nodes: Node[] = isSeq(statement) ? (statement.items as Node[]) : statement ? [statement] : [];
  return nodes.map((node) => {
    const [startOffset, endOffset] = node.range ?? [0, 0];
    const start = lineCounter.linePos(startOffset);
    const end = lineCounter.linePos(endOffset);
    return { start: { Line: start.line, Column: start.col }, end: { Line: end.line, Column: end.col } };
  });
}
