import { LineCounter, isMap, isSeq, parseDocument, type Node } from 'yaml';
import { describe, expect, it } from 'vitest';
import { policyText, SPAN_TEXTS_KEPT, statementSpans, type StatementSpan } from '../../../src/substrate/sandbox/services/policy-positions.js';

// SimulatePrincipalPolicy's StartPosition/EndPosition come from jsonc-parser's syntax tree
// (src/substrate/sandbox/services/policy-positions.ts). They must be what the yaml parser's source
// ranges gave before (JSON is YAML), on every policy text the emulator makes: pretty-printed
// JSON of a policy, one statement or many, any strings in it.

/** The spans as the yaml parser finds them: the previous implementation, kept as the oracle. */
function yamlSpans(text: string): StatementSpan[] {
  const lineCounter = new LineCounter();
  const root = parseDocument(text, { lineCounter }).contents;
  if (!isMap(root)) return [];
  const statement = root.get('Statement', true) as Node | undefined;
  const nodes: Node[] = isSeq(statement) ? (statement.items as Node[]) : statement ? [statement] : [];
  return nodes.map((node) => {
    const [s, e] = node.range ?? [0, 0];
    const start = lineCounter.linePos(s);
    const end = lineCounter.linePos(e);
    return { start: { Line: start.line, Column: start.col }, end: { Line: end.line, Column: end.col } };
  });
}

const SEED_POLICY = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'ReadLaneSecrets', Effect: 'Allow', Action: ['ssm:GetParameter', 'ssm:GetParameters'], Resource: 'arn:aws:ssm:eu-west-2:111122223333:parameter/fraud-platform/dev_min/*' },
    { Effect: 'Deny', NotAction: 'iam:*', Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-2'] } } },
  ],
};

describe('statement positions in a policy text', () => {
  it('are where the seed policy puts them, as the yaml parser found them', () => {
    const text = policyText(SEED_POLICY);
    expect(statementSpans(text)).toEqual(yamlSpans(text));
    expect(statementSpans(text)[0]).toEqual({ start: { Line: 4, Column: 9 }, end: { Line: 12, Column: 10 } });
  });

  it('a single statement object, no statement, and a document that is not an object', () => {
    for (const doc of [{ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: '*', Resource: '*' } }, { Version: '2012-10-17' }, [], 'x', 3]) {
      const text = policyText(doc);
      expect(statementSpans(text), text).toEqual(yamlSpans(text));
    }
    expect(statementSpans(policyText({ Version: '2012-10-17' }))).toEqual([]);
  });

  it('a text that is not JSON at all has no statements', () => {
    for (const text of ['', '   ', 'not json', '{', '"Statement"']) expect(statementSpans(text), JSON.stringify(text)).toEqual([]);
  });

  it('keeps the spans of the SPAN_TEXTS_KEPT most recent texts, and only those', () => {
    const text = (n: number) => policyText({ Version: '2012-10-17', Statement: [{ Sid: `cache-bound-${n}`, Effect: 'Allow', Action: '*', Resource: '*' }] });
    const first = text(0);
    const spans = statementSpans(first);
    expect(statementSpans(first)).toBe(spans); // a known text is not parsed again
    for (let n = 1; n < SPAN_TEXTS_KEPT; n++) statementSpans(text(n));
    expect(statementSpans(first)).toBe(spans); // still among the most recent
    statementSpans(text(SPAN_TEXTS_KEPT));
    const again = statementSpans(first); // pushed out by one more: parsed anew, same answer
    expect(again).not.toBe(spans);
    expect(again).toEqual(spans);
  });

  it('on generated policies: any number of statements, nested conditions, strings with escapes and other scripts', () => {
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
    const pick = <T>(xs: readonly T[]) => xs[rand(xs.length)]!;
    const STRINGS = ['*', 'ssm:GetParameter', 'arn:aws:s3:::b/*', 'line\nbreak', 'tab\there', 'quote " and \\ slash', 'é 漢字 😀', '{ [ , : ] }', '\u0001\u001f'];
    const value = (depth: number): unknown =>
      depth > 2 || rand(3) === 0
        ? pick([pick(STRINGS), rand(100), true, null])
        : rand(2) === 0
          ? Array.from({ length: rand(4) }, () => value(depth + 1))
          : Object.fromEntries(Array.from({ length: rand(4) }, (_, i) => [`${pick(STRINGS)}${i}`, value(depth + 1)]));
    const statement = () => ({
      Effect: pick(['Allow', 'Deny']),
      Action: rand(2) ? pick(STRINGS) : [pick(STRINGS), pick(STRINGS)],
      Resource: pick(STRINGS),
      ...(rand(2) ? { Condition: { [pick(['StringEquals', 'ArnLike', 'Null'])]: value(1) } } : {}),
      ...(rand(3) === 0 ? { Sid: pick(STRINGS) } : {}),
    });
    for (let n = 0; n < 300; n++) {
      const doc = {
        ...(rand(2) ? { Id: pick(STRINGS) } : {}),
        Version: '2012-10-17',
        Statement: rand(5) === 0 ? statement() : Array.from({ length: rand(6) }, statement),
        ...(rand(3) === 0 ? { Extra: value(0) } : {}),
      };
      const text = policyText(doc);
      expect(statementSpans(text), text).toEqual(yamlSpans(text));
    }
  });
});
