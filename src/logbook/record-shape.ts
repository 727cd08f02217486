import * as z from '../core/zod-mini.js';
import { HEX64 } from './record.js';

// The logbook line's schema, apart from record.ts so that code checking lines without zod (verify's
// workers) does not load it.

/** The on-disk shape; strict so that a renamed or extra field is reported, not ignored. */
export const LogbookRecordShape = z.strictObject({
  seq: z.int().check(z.positive()),
  ts: z.string().check(z.minLength(1)),
  prev_hash: z.string().check(z.regex(HEX64)),
  hash: z.string().check(z.regex(HEX64)),
  kind: z.string().check(z.minLength(1)),
  substrate: z.enum(['aws', 'sandbox']),
  env: z.string(),
  actor: z.string(),
  data: z.unknown(),
});
