import { sha256Hex } from '../core/hash.js';
import { canonicalJson, sortedForJson, UNSAFE } from './canonical-json.js';
import type { Substrate } from '../core/types.js';

// One logbook line. `hash` covers every other field through RFC 8785 canonical JSON, so the hash
// does not depend on key order or whitespace on disk; `prev_hash` chains each line to the one before.

export const GENESIS = '0'.repeat(64);

/** Kinds the engine writes. The field stays an open string so newer tools can add kinds. */
export const LOGBOOK_KINDS = {
  runStarted: 'run.started',
  verdictSealed: 'verdict.sealed',
  conflictStop: 'conflict.stop',
  repin: 'repin',
  repinApplied: 'repin.applied',
  repinFailed: 'repin.failed',
  verdictFailed: 'verdict.failed',
  authorityResolved: 'authority.resolved',
  attest: 'attest',
  abort: 'abort',
  interrupted: 'interrupted',
} as const;
export type KnownLogbookKind = (typeof LOGBOOK_KINDS)[keyof typeof LOGBOOK_KINDS];

export interface LogbookRecord {
  /** 1 for the first record, then +1 per line. */
  seq: number;
  /** ISO-8601 UTC time of the decision. */
  ts: string;
  prev_hash: string;
  hash: string;
  kind: string;
  substrate: Substrate;
  env: string;
  actor: string;
  data: unknown;
}

/** Where the chain ended when something was written: the anchor sealed verdicts and impl_actual carry. */
export interface LogbookHead {
  seq: number;
  hash: string;
}

/** The head after these records (`0` and the genesis hash for none). */
export function headOf(last: Pick<LogbookRecord, 'seq' | 'hash'> | undefined): LogbookHead {
  return last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: GENESIS };
}

export const HEX64 = /^[0-9a-f]{64}$/;

/**
 * The shape check without zod, for the common case of a well-formed line (verify runs it on every
 * line): true exactly when LogbookRecordShape (record-shape.ts) would accept the value. On false,
 * ask the schema for the message.
 */
export function isLogbookRecord(v: unknown): v is LogbookRecord {
  return hasRecordFields(v) && HEX64.test(v.prev_hash) && HEX64.test(v.hash);
}

/**
 * isLogbookRecord but for the two hex patterns: enough for a line whose `prev_hash` equals the
 * previous record's hash and whose `hash` equals the one recomputed, which are hex by construction.
 * Verify checks the patterns only when a line fails, to report the shape first as it always has.
 */
export function hasRecordFields(v: unknown): v is LogbookRecord {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const r = v as Record<string, unknown>;
  let keys = 0;
  for (const k in r) if (Object.hasOwn(r, k)) keys++;
  return (
    keys === (Object.hasOwn(r, 'data') ? 9 : 8) &&
    typeof r.seq === 'number' &&
    Number.isSafeInteger(r.seq) &&
    r.seq > 0 &&
    typeof r.ts === 'string' &&
    r.ts.length > 0 &&
    typeof r.prev_hash === 'string' &&
    typeof r.hash === 'string' &&
    typeof r.kind === 'string' &&
    r.kind.length > 0 &&
    (r.substrate === 'aws' || r.substrate === 'sandbox') &&
    typeof r.env === 'string' &&
    typeof r.actor === 'string'
  );
}

/** sha256 of the canonical JSON of the record without its `hash` field. */
export function recordHash(record: Omit<LogbookRecord, 'hash'> | LogbookRecord): string {
  const { hash: _ignored, ...rest } = record as LogbookRecord;
  const canonical = canonicalJson(rest);
  if (canonical === undefined) throw new Error('logbook record cannot be canonicalized');
  return sha256Hex(canonical);
}

/**
 * One JSONL line in the documented field order, `data` with its keys in RFC 8785 order (the hash
 * depends on neither; verify then finds `data` already in order and copies nothing).
 */
export function serializeRecord(r: LogbookRecord): string {
  const { seq, ts, prev_hash, hash, kind, substrate, env, actor } = r;
  const sorted = sortedForJson(r.data);
  const data = sorted === UNSAFE ? r.data : sorted;
  return JSON.stringify({ seq, ts, prev_hash, hash, kind, substrate, env, actor, data }) + '\n';
}
