// Generates a valid hash-chained logbook of N records (the shapes the engine writes: verdict
// records, attestations, repins), for the verify benchmark. Verdicts are `verdict.failed` records:
// a `verdict.sealed` one vouches for a snapshot file that would have to exist, and this measures the chain. Usage: node bench/gen-logbook.mjs FILE [N]
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import canonicalize from 'canonicalize';

export function generateLogbook(file, n = 100_000) {
  const lines = [];
  let prev = '0'.repeat(64);
  const t0 = Date.parse('2026-03-01T00:00:00Z');
  const kinds = ['verdict.failed', 'attest', 'repin', 'authority.resolved', 'conflict.stop'];
  for (let seq = 1; seq <= n; seq++) {
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
      substrate: 'sandbox',
      env: 'dev_min',
      actor: 'arn:aws:sts::111122223333:assumed-role/operator/bench',
      data,
    };
    const hash = createHash('sha256').update(canonicalize(rec)).digest('hex');
    const { ts, prev_hash, substrate, env, actor } = rec;
    lines.push(JSON.stringify({ seq, ts, prev_hash, hash, kind, substrate, env, actor, data }));
    prev = hash;
  }
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, n] = process.argv.slice(2);
  if (!file) throw new Error('usage: node bench/gen-logbook.mjs FILE [N]');
  generateLogbook(file, Number(n ?? 100_000));
  console.log(`wrote ${file}`);
}
