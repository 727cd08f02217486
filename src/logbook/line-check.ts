import { sha256Hex } from '../core/hash.js';
import { sortedForJson, UNSAFE, wellFormed } from './canonical-json.js';
import { hasRecordFields, type LogbookRecord, recordHash } from './record.js';
import { LogbookRecordShape } from './record-shape.js';

// One logbook line checked on its own, synchronously and without zod (verify runs it on every
// line, in the main thread or a worker): parsed, shaped, and its hash recomputed. The chain links
// (seq, prev_hash) are the caller's, who knows the line before.

/** A line that is not a record: why (`shape`: valid JSON that the schema must describe, see describeShape). */
export type LineProblem = { problem: string } | { problem: 'shape'; json: unknown };

/** The record a line holds (its hex fields not checked yet: see hasRecordFields), or what is wrong with it. */
export function parseRecordLine(text: string): LogbookRecord | LineProblem {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { problem: text.length ? `not valid JSON (${(err as Error).message})` : 'empty line' };
  }
  // Stryker disable next-line StringLiteral: a tag for readers; callers tell a shape problem by its `json`.
  return hasRecordFields(json) ? json : { problem: 'shape', json };
}

/** A record line that was valid JSON in the wrong shape: the schema's first issue and field, and the seq it claims. */
export function describeShape(json: unknown): { reason: string; seq?: number } {
  const shape = LogbookRecordShape.safeParse(json);
  // Stryker disable next-line ConditionalExpression,ObjectLiteral,StringLiteral: unreachable, hasRecordFields mirrors the schema (verify-fast-path.test.ts).
  if (shape.success) return { reason: 'not a logbook record (its fields disagree with the schema)' };
  const seq = (json as { seq?: unknown })?.seq;
  const issue = shape.error.issues[0]!; // a failed parse has at least one issue
  // Stryker disable next-line StringLiteral: the shape is flat, so a path has at most one segment and the separator never shows.
  const field = issue.path.join('.');
  return { reason: `not a logbook record (${field || 'record'}: ${issue.message})`, ...(typeof seq === 'number' ? { seq } : {}) };
}

/**
 * The record's hash as `recordHash` computes it (RFC 8785 over every field but `hash`), for a value
 * `hasRecordFields` accepted: its top-level keys and their types are known, so they are written in
 * RFC 8785 key order directly and only `data` is sorted; anything unusual goes through `recordHash`.
 */
export function shapedRecordHash(r: LogbookRecord): string {
  const hasData = 'data' in r;
  const data = hasData ? sortedForJson(r.data) : undefined;
  // Stryker disable next-line ConditionalExpression: equivalent, recordHash gives the same hash the slow way (verify-fast-path.test.ts proves they agree).
  if (data === UNSAFE || !wellFormed(r.actor) || !wellFormed(r.env) || !wellFormed(r.kind) || !wellFormed(r.ts)) return recordHash(r);
  const { actor, env, kind, prev_hash, seq, substrate, ts } = r;
  const sorted = hasData ? { actor, data, env, kind, prev_hash, seq, substrate, ts } : { actor, env, kind, prev_hash, seq, substrate, ts };
  return sha256Hex(JSON.stringify(sorted));
}
