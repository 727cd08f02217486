import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/core/hash.js';
import { VerdictSealedData, verdictDigest, verdictSealedData } from '../../src/engine/verdict-sealed.js';
import type { LogbookRecord } from '../../src/logbook/record.js';

// verdictSealedData answers a snapshot's seal (no `sealed_in`) with the snapshot schema alone, the
// union only when that fails or the record says `sealed_in`: what it returns must be what the
// union returns, for every shape a hostile or damaged logbook can hold.

const SHA = 'a'.repeat(64);
const verdict = { phase: 'Build', overall_pass: true, blockers: [] };
const record = (data: unknown): LogbookRecord =>
  ({ seq: 7, ts: '2026-12-03T00:00:00.000Z', prev_hash: SHA, hash: SHA, kind: 'verdict.sealed', data }) as unknown as LogbookRecord;

/** What the union alone makes of `data`, as verdictSealedData words it (every logbook seal here is consistent). */
function viaUnion(data: unknown): unknown {
  const parsed = VerdictSealedData.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  return `logbook record 7 (verdict.sealed) does not vouch for a snapshot (${issue?.path.join('.') || 'data'}: ${issue?.message})`;
}

const snapshot = { phase: 'Build', overall_pass: true, blockers: [], conflicts: 0, path: 'runs/b/1/v.json', sha256: SHA };
const inLogbook = {
  phase: 'Build',
  overall_pass: true,
  blockers: [],
  conflicts: 0,
  sealed_in: 'logbook',
  verdict,
  verdict_sha256: verdictDigest(verdict),
};

describe('verdictSealedData answers as the union does', () => {
  it.each([
    ['a snapshot seal', snapshot],
    ['a snapshot seal with an extra field (stripped)', { ...snapshot, note: 'x' }],
    ['a logbook seal', inLogbook],
    ['a logbook seal that also names a snapshot (the logbook branch answers)', { ...inLogbook, path: 'runs/b/1/v.json', sha256: SHA }],
    ['sealed_in of another value beside a valid snapshot seal (the snapshot branch answers)', { ...snapshot, sealed_in: 'elsewhere' }],
    ['a broken logbook seal beside a valid snapshot seal (the snapshot branch answers)', { ...snapshot, sealed_in: 'logbook' }],
    ['a snapshot seal with a bad sha256', { ...snapshot, sha256: 'nope' }],
    ['a snapshot seal without a path', { ...snapshot, path: undefined }],
    ['a record with no data', undefined],
    ['data that is not an object', 'verdict'],
    ['null data', null],
    ['an empty object', {}],
  ])('%s', (_name, data) => {
    expect(verdictSealedData(record(data))).toEqual(viaUnion(data));
  });

  it('a snapshot seal is its snapshot data; a logbook seal keeps its verdict', () => {
    expect(verdictSealedData(record({ ...snapshot, note: 'x' }))).toEqual(snapshot);
    expect(verdictSealedData(record(inLogbook))).toMatchObject({ sealed_in: 'logbook', verdict });
    expect(verdictSealedData(record({ ...snapshot, sha256: 'nope' }))).toMatch(
      /^logbook record 7 \(verdict\.sealed\) does not vouch for a snapshot/,
    );
  });
});

// A docs-only phase's seal carries its verdict: the record's summary (phase, overall_pass, blocker
// codes) must be the verdict's own, and the verdict must hash to verdict_sha256, or the record is
// tampering of its phase, never a verdict (law 8). Each rule on its own, the others holding.
describe('a logbook seal whose summary is not its verdict is a problem, not a verdict', () => {
  const sealOf = (v: Record<string, unknown>, summary: Record<string, unknown> = {}) => ({
    phase: 'Build',
    overall_pass: v.overall_pass,
    blockers: Array.isArray(v.blockers) ? v.blockers.map((b) => (b as { code?: unknown })?.code) : [],
    conflicts: 0,
    sealed_in: 'logbook',
    verdict: v,
    verdict_sha256: verdictDigest(v),
    ...summary,
  });
  const blocked = { phase: 'Build', overall_pass: false, blockers: [{ code: 'B-1' }, { code: 'B-2' }] };

  it('consistent: the record answers with its data', () => {
    expect(verdictSealedData(record(sealOf(blocked)))).toMatchObject({ overall_pass: false, blockers: ['B-1', 'B-2'] });
  });

  it.each([
    ['its verdict is of another phase', sealOf({ ...blocked, phase: 'Ship' })],
    ['its overall_pass or blockers differ', sealOf(blocked, { overall_pass: true })],
    ['its overall_pass or blockers differ', sealOf({ ...verdict, overall_pass: false }, { overall_pass: true })],
    ['its overall_pass or blockers differ', sealOf(blocked, { blockers: ['B-1'] })],
    ['its overall_pass or blockers differ', sealOf(blocked, { blockers: ['B-2', 'B-1'] })],
    ['its overall_pass or blockers differ', sealOf({ ...blocked, blockers: 'B-1' }, { blockers: ['B-1'] })],
    ['its overall_pass or blockers differ', sealOf({ ...verdict, blockers: [null] }, { blockers: [] })],
    ['its overall_pass or blockers differ', sealOf({ ...verdict, blockers: [{ code: '' }] }, { blockers: [] })],
    ['its overall_pass or blockers differ', sealOf({ ...verdict, blockers: [{}] }, { blockers: [''] })],
    ['its verdict does not hash to verdict_sha256', sealOf(blocked, { verdict_sha256: 'a'.repeat(64) })],
  ])('%s', (problem, data) => {
    expect(verdictSealedData(record(data))).toBe(
      `logbook record 7 (verdict.sealed) does not vouch for its verdict: ${problem}${problem.endsWith('differ') ? ' from the verdict it carries' : ''}`,
    );
  });
});

describe('verdictSealedData and verdictDigest, at their edges', () => {
  it('a record of another kind has no sealed data', () => {
    expect(verdictSealedData({ ...record(snapshot), kind: 'attest' } as LogbookRecord)).toBeUndefined();
  });

  it("a verdict's digest is the SHA-256 of its RFC 8785 canonical JSON", () => {
    expect(verdictDigest({ b: [1, 'x'], a: true })).toBe(sha256Hex('{"a":true,"b":[1,"x"]}'));
  });
});
