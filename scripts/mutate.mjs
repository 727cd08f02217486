#!/usr/bin/env node
// npm run mutate [-- FOLDER…]: StrykerJS over src/engine, src/gates, src/logbook, src/evidence and a
// few stand-ins under src/substrate, one folder at a time with the tests that pin it, then one score
// line per folder.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

/**
 * Folder → the files mutated and the fast in-process tests that pin them (edit here when tests
 * move). Mutated: the rules that decide green, no skipping, phase state, conflicts and STOP (engine), the
 * gates' handle selection and evidence assertions (gates), the chain check (logbook), sealing
 * (evidence). Not mutated, and why: orchestration and presentation (phase-run, recheck, history,
 * reporter, recorder, decision records), the AWS gates, appending and locking,
 * stamps and reading evidence —
 * pinned by tests that drive the built binary or other processes (a subprocess never sees a
 * mutant) or by sandbox tests that take minutes per mutant on 2 shared cores.
 */
const SCOPES = {
  engine: {
    mutate: ['verdict', 'run-check', 'requires', 'phase-state', 'sealed-ledger', 'conflicts', 'stop-decision', 'pending-stop'].map(
      (f) => `src/engine/${f}.ts`,
    ),
    // phase-run.test.ts drives whole phases through the sandbox server: minutes per mutant on 2 cores.
    tests: [
      'test/engine/verdict-laws.test.ts',
      'test/engine/run-check-laws.test.ts',
      'test/engine/phase-state.test.ts',
      'test/engine/phase-state-law.test.ts',
      'test/engine/snapshot-reads.test.ts',
      'test/engine/ledger-chain.test.ts',
      'test/engine/docs-only-ledger.test.ts',
      'test/engine/ledger-carry.test.ts',
      'test/engine/conflicts-decisions.test.ts',
      'test/engine/stop-decision.test.ts',
      'test/engine/pending-stop.test.ts',
    ],
  },
  gates: {
    mutate: ['select-handles', 'json-pointer', 'evidence-assertion'].map((f) => `src/gates/${f}.ts`),
    // aws-gates.test.ts drives the gates through the sandbox server (pinned in npm test): too slow per mutant here.
    tests: [
      'test/gates/select-handles.test.ts',
      'test/gates/evidence-assertion.test.ts',
      'test/gates/offline-gates.test.ts',
      'test/gates/evidence-json.test.ts',
    ],
  },
  logbook: {
    mutate: [
      'verify',
      'chain-walk',
      'verify-parallel',
      'claimed-parts',
      'line-runs',
      'read-chain',
      'line-check',
      'checkpoint',
      'canonical-json',
      'read-verified',
    ]
      .map((f) => `src/logbook/${f}.ts`)
      // The MACed envelope the checkpoint is read and written through (and the other project caches).
      .concat('src/core/maced-file.ts'),
    // verify-rules pins each rule on small files; logbook.test.ts's byte-flip sweeps (hundreds of
    // verifies per test) pin the same rules in npm test but cost minutes per mutant here.
    tests: [
      'test/logbook/verify-rules.test.ts',
      'test/logbook/canonical-json.test.ts',
      'test/logbook/verify-fast-path.test.ts',
      'test/logbook/verify-parallel.test.ts',
      'test/logbook/checkpoint.test.ts',
      'test/logbook/line-reading.test.ts',
      'test/core/maced-file.test.ts',
    ],
  },
  evidence: {
    mutate: ['writer'].map((f) => `src/evidence/${f}.ts`),
    tests: ['test/evidence/**/*.test.ts'],
  },
  // Recovery at every start, from the mark the last one left: what it may skip reading, and the
  // impl_actual once-only check that relies on it.
  recovery: {
    mutate: ['src/engine/reconcile-mark.ts', 'src/engine/reconcile.ts', 'src/logbook/impl-actual.ts', 'src/engine/verdict-sealed.ts'],
    tests: [
      'test/engine/reconcile.test.ts',
      'test/engine/reconcile-mark.test.ts',
      'test/logbook/impl-actual.test.ts',
      'test/engine/verdict-sealed-parse.test.ts',
      'test/engine/docs-only-ledger.test.ts',
      'test/engine/snapshot-reads.test.ts',
    ],
  },
  // What stands in for a library's or a schema's answer and must answer exactly the same: the
  // sandbox state read through its note instead of its schema, the SDK's XML parser swapped at
  // build time, statement positions, the emulator's XML escaping.
  substrate: {
    mutate: [
      'src/substrate/sandbox/state/state-vouch.ts',
      'src/substrate/aws-sdk/xml-parser.ts',
      'src/substrate/sandbox/services/policy-positions.ts',
      'src/substrate/sandbox/wire/xml.ts',
    ],
    tests: [
      'test/substrate/sandbox/state-vouch.test.ts',
      'test/substrate/aws-sdk-xml-parser.test.ts',
      'test/substrate/sandbox/policy-positions.test.ts',
      'test/substrate/sandbox/xml-escape.test.ts',
    ],
  },
};

const folders = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(SCOPES);
for (const f of folders) {
  if (!SCOPES[f]) throw new Error(`unknown folder ${f}: one of ${Object.keys(SCOPES).join(', ')}`);
  const started = Date.now();
  // nice: the machine is shared; mutation runs yield to interactive work.
  const r = spawnSync('nice', ['-n', '10', 'npx', 'stryker', 'run', 'stryker.config.mjs'], {
    stdio: 'inherit',
    env: {
      ...process.env,
      GATEWALK_MUTATE: f,
      GATEWALK_MUTATE_TESTS: SCOPES[f].tests.join(','),
      GATEWALK_MUTATE_FILES: SCOPES[f].mutate.join(','),
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
  });
  console.log(`mutate ${f}: exit ${r.status} in ${Math.round((Date.now() - started) / 1000)} s`);
}

console.log('\nmutation score per folder (killed + timeout) / (all − ignored − no coverage counted as survived):');
for (const f of folders) {
  const file = `reports/mutation/${f}.json`;
  if (!existsSync(file)) continue;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const count = {};
  for (const file of Object.values(report.files)) for (const m of file.mutants) count[m.status] = (count[m.status] ?? 0) + 1;
  const detected = (count.Killed ?? 0) + (count.Timeout ?? 0);
  const valid = detected + (count.Survived ?? 0) + (count.NoCoverage ?? 0);
  console.log(
    `  src/${f}: ${valid ? ((100 * detected) / valid).toFixed(1) : '—'}%  (${detected}/${valid}; survived ${count.Survived ?? 0}, no coverage ${count.NoCoverage ?? 0})`,
  );
}
