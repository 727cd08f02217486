// Generates a valid hash-chained logbook of N records (the shapes the engine writes: verdict
// records, attestations, repins), for the verify benchmark. Verdicts are `verdict.failed` records:
// a `verdict.sealed` one vouches for a snapshot file that would have to exist, and this measures the chain. Usage: node bench/gen-logbook.mjs FILE [N]
// Tests use the options: another program's env, records of chosen kinds, appended after an existing head.
import { appendFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

const KINDS = ['verdict.failed', 'attest', 'repin', 'authority.resolved', 'conflict.stop'];

/**
 * Writes N records to FILE. Options: `env` (dev_min), `substrate` (sandbox), `kinds` (cycled), and
 * `after` ({ seq, hash }: the records continue that chain and are appended to FILE).
 */
export function generateLogbook(file, n = 100_000, { env = 'dev_min', substrate = 'sandbox', kinds = KINDS, after } = {}) {
  const lines = [];
  let prev = after?.hash ?? '0'.repeat(64);
  const t0 = Date.parse('2026-03-01T00:00:00Z');
  const first = (after?.seq ?? 0) + 1;
  for (let seq = first; seq < first + n; seq++) {
    const kind = kinds[seq % kinds.length];
    const data =
      kind === 'verdict.failed'
        ? {
            seq: seq - 1,
            path: `runs/dev/m4/2026${String(seq).padStart(8, '0')}/verdict.json`,
            reason: `EEXIST: the folder was taken meanwhile (blockers: ${seq % 3 ? 'none' : 'M4C-B2'})`,
          }
        : kind === 'repin'
          ? {
              phase: 'M4.C',
              handle: `ROLE_${seq % 40}`,
              from: null,
              to: `arn:aws:iam::111122223333:role/r-${seq % 40}`,
              reason: 'roles materialized by the demo stack',
              source: 'terraform',
            }
          : { phase: 'M0', step: 'governance', status: 'pass', note: `attested by the operator, run ${seq} — ünïcode ✓` };
    const rec = {
      seq,
      ts: new Date(t0 + seq * 1000).toISOString(),
      prev_hash: prev,
      kind,
      substrate,
      env,
      actor: 'arn:aws:sts::111122223333:assumed-role/operator/bench',
      data,
    };
    const hash = createHash('sha256').update(canonicalize(rec)).digest('hex');
    const { ts, prev_hash, actor } = rec;
    // As the engine writes a line (record.ts serializeRecord): documented field order, `data`'s keys sorted.
    lines.push(JSON.stringify({ seq, ts, prev_hash, hash, kind, substrate, env, actor, data: JSON.parse(canonicalize(data)) }));
    prev = hash;
  }
  (after ? appendFileSync : writeFileSync)(file, lines.join('\n') + '\n');
  return file;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, n] = process.argv.slice(2);
  if (!file) throw new Error('usage: node bench/gen-logbook.mjs FILE [N]');
  generateLogbook(file, Number(n ?? 100_000));
  console.log(`wrote ${file}`);
}
