#!/usr/bin/env node
// npm run mutate [-- FOLDER…]: StrykerJS over src/engine, src/gates, src/logbook, src/evidence, one
// folder at a time with the tests that pin it, then one score line per folder.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

/** Folder → the test files that pin it (globs). Edit here when tests move. */
const SCOPES = {
  // phase-run.test.ts drives whole phases through the sandbox server: minutes per mutant on 2 cores.
  engine: [
    'test/engine/verdict-laws.test.ts',
    'test/engine/run-check-laws.test.ts',
    'test/engine/conflicts-decisions.test.ts',
    'test/engine/result-changes.test.ts',
    'test/engine/terraform.test.ts',
  ],
  gates: ['test/gates/**/*.test.ts'],
  logbook: ['test/logbook/**/*.test.ts'],
  evidence: ['test/evidence/**/*.test.ts'],
};

const folders = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(SCOPES);
for (const f of folders) {
  if (!SCOPES[f]) throw new Error(`unknown folder ${f}: one of ${Object.keys(SCOPES).join(', ')}`);
  const started = Date.now();
  const r = spawnSync('npx', ['stryker', 'run', 'stryker.config.mjs'], {
    stdio: 'inherit',
    env: {
      ...process.env,
      GATEWALK_MUTATE: f,
      GATEWALK_MUTATE_TESTS: SCOPES[f].join(','),
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
