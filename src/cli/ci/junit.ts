import junitReportBuilder, { type Builder } from 'junit-report-builder';
import type { Conflict } from '../../engine/conflicts.js';
import { UNCODED_BLOCKER } from '../../engine/verdict.js';
import { sanitizeLine } from '../../core/sanitize.js';
import { blockerCodeOf, type SealedRun } from './sealed-run.js';

// JUnit XML for CI test reporters: one <testsuite> per phase, one <testcase> per check result.
// fail and manual (an attestation not given) are <failure>, error is <error>, skip is <skipped>;
// the failure's type is the blocker code, its message the result's reason. Blockers without a
// result (a check that never ran, a live conflict) get a testcase of their own, so every blocker
// of the verdict shows up in the report.

const clean = (s: unknown) => sanitizeLine(s);
// A CommonJS package (`module.exports = builder`) whose typings declare an ES default export:
// Node's ESM interop hands over module.exports itself, TypeScript's view expects `.default`.
const interop = junitReportBuilder as unknown as Builder & { default?: Builder };
const builderFactory: Builder = interop.default ?? interop;

export function junitForVerdict(run: SealedRun): string {
  const v = run.verdict;
  const builder = builderFactory.newBuilder().name(`gatewalk ${v.program}`);
  const suite = builder
    .testSuite()
    .name(clean(v.phase))
    .timestamp(new Date(v.started_at))
    .time((Date.parse(v.finished_at) - Date.parse(v.started_at)) / 1000)
    .property('env', clean(v.env))
    .property('program', clean(v.program))
    .property('substrate', v.substrate)
    .property('overall_pass', String(v.overall_pass))
    .property('verdict', clean(v.verdict))
    .property('snapshot', run.rootPath)
    .property('snapshot_sha256', run.sha256);
  for (const r of v.checks) {
    const tc = suite
      .testCase()
      .className(clean(`${v.phase}.${r.step}.${r.id}`))
      .name(clean(`${r.id} ${r.resource}`))
      .time(r.duration_ms / 1000);
    const code = blockerCodeOf(v, r.id) ?? UNCODED_BLOCKER;
    if (r.status === 'fail') tc.failure(clean(r.reason), code);
    else if (r.status === 'manual') tc.failure(clean(`not attested: ${r.reason}`), code);
    else if (r.status === 'error') tc.error(clean(r.reason), code);
    else if (r.status === 'skip') tc.skipped();
  }
  const withResults = new Set(v.checks.map((r) => r.id));
  for (const b of v.blockers.filter((b) => !withResults.has(b.check))) {
    suite
      .testCase()
      .className(clean(`${v.phase}.${b.check}`))
      .name(clean(b.check))
      .error(clean(b.message), b.code);
  }
  return builder.build();
}

/** A STOP sealed nothing: the report says so, one error per disputed handle. */
export function junitForStop(program: string, phase: string, conflicts: readonly Conflict[]): string {
  const builder = builderFactory.newBuilder().name(`gatewalk ${program}`);
  const suite = builder.testSuite().name(clean(phase)).property('stop', 'true');
  for (const c of conflicts) {
    const offers = c.offers.map((o) => `${o.source} = ${o.value}`).join(', ');
    suite
      .testCase()
      .className(clean(`${phase}.conflicts`))
      .name(clean(c.handle))
      .error(clean(`STOP: ${c.handle} pinned ${c.pinned ?? 'PENDING'} but ${offers}; repin or abort`), 'GW-CONFLICT');
  }
  return builder.build();
}
