import { describe, expect, it } from 'vitest';
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
