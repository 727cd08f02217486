import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, type TestSuites } from 'junit2json';
import { beforeAll, describe, expect, it } from 'vitest';
import { gatewalk, tempProgramRoot } from './cli-harness.js';

// --junit, --attestation and $GITHUB_STEP_SUMMARY from headless runs of the real binary, for a
// blocked and then a green M4.C, and on a second (scaffolded) program. The JUnit XML is read by
// junit2json (an xml2js-based JUnit parser), the in-toto Statement is checked against the sealed
// snapshot's bytes and the logbook record that sealed it.

interface Statement {
  _type: string;
  subject: Array<{ name: string; digest: { sha256: string } }>;
  predicateType: string;
  predicate: {
    phase: string;
    overall_pass: boolean;
    substrate: string;
    blockers: Array<{ code: string; check: string }>;
    checks: Array<{ id: string; status: string; resource: string }>;
    snapshot: string;
    logbook: { path: string; seq: number; record_hash: string };
  };
}

async function outputs(root: string, tag: string) {
  const xml = readFileSync(path.join(root, `${tag}.xml`), 'utf8');
  const junit = (await parse(xml)) as TestSuites;
  const statement = JSON.parse(readFileSync(path.join(root, `${tag}.intoto.json`), 'utf8')) as Statement;
  return { xml, junit, statement };
}

/** The statement's claims hold against the evidence and the logbook on disk. */
function checkStatement(root: string, workspace: string, s: Statement) {
  expect(s._type).toBe('https://in-toto.io/Statement/v1');
  expect(s.predicateType).toBe('urn:gatewalk:verdict:v1');
  expect(s.subject).toHaveLength(1);
  const snapshot = path.join(root, s.predicate.snapshot);
  const bytes = readFileSync(snapshot);
  expect(s.subject[0]!.digest.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  expect(s.predicate.snapshot.endsWith(s.subject[0]!.name)).toBe(true);
  const verdict = JSON.parse(bytes.toString('utf8'));
  expect(s.predicate.overall_pass).toBe(verdict.overall_pass);
  expect(s.predicate.blockers).toEqual(verdict.blockers);
  expect(s.predicate.checks.map((c) => [c.id, c.resource, c.status])).toEqual(
    verdict.checks.map((c: Statement['predicate']['checks'][0]) => [c.id, c.resource, c.status]),
  );
  expect(s.predicate.substrate).toBe('sandbox');
  expect(s.predicate.logbook.path.startsWith(workspace)).toBe(true);
  const records = readFileSync(path.join(root, s.predicate.logbook.path), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  const rec = records.find((r) => r.seq === s.predicate.logbook.seq);
  expect(rec.hash).toBe(s.predicate.logbook.record_hash);
  expect(rec.kind).toBe('verdict.sealed');
  expect(String(rec.data.path)).toContain(s.subject[0]!.name.split('/').at(-1));
  return verdict;
}

function casesOf(junit: TestSuites) {
  expect(junit.testsuite).toHaveLength(1);
  return junit.testsuite![0]!.testcase ?? [];
}

describe('CI outputs of a headless run: M4.C blocked, then green', () => {
  let root: string;
  const flags = (tag: string) => ['--junit', path.join(root, `${tag}.xml`), '--attestation', path.join(root, `${tag}.intoto.json`)];
  beforeAll(async () => {
    root = await tempProgramRoot();
    await gatewalk(root, ['sandbox', 'reset']);
    expect(
      (await gatewalk(root, ['run', 'M0', '--sandbox', '--attest', 'authority-lock=pass:ci test', '--attest', 'governance=pass:ci test']))
        .code,
    ).toBe(0);
    for (const p of ['M1', 'M2.E', 'M2', 'M3']) expect((await gatewalk(root, ['run', p, '--sandbox'])).code).toBe(0);
  }, 180_000);

  it('blocked: one testsuite, a failure typed with the blocker code per failing result, an attestation of the sealed file', async () => {
    const summary = path.join(root, 'step-summary.md');
    const run = await gatewalk(root, ['run', 'M4.C', '--sandbox', ...flags('blocked')], { GITHUB_STEP_SUMMARY: summary });
    expect(run.code, run.stderr).toBe(3);
    const { xml, junit, statement } = await outputs(root, 'blocked');
    expect(xml.startsWith('<?xml')).toBe(true);
    const verdict = checkStatement(root, '.gatewalk/sandbox/dev_min/', statement);
    expect(statement.predicate.phase).toBe('M4.C');
    expect(statement.predicate.overall_pass).toBe(false);
    expect(statement.predicate.blockers.map((b) => b.code)).toEqual(expect.arrayContaining(['M4C-B4', 'M4C-B1', 'M4C-B2']));

    const suite = junit.testsuite![0]!;
    expect(suite.name).toBe('M4.C');
    const cases = casesOf(junit);
    expect(cases).toHaveLength(verdict.checks.length);
    expect(suite.tests).toBe(verdict.checks.length);
    const failures = cases.filter((c) => c.failure);
    expect(failures.length).toBe(verdict.checks.filter((c: { status: string }) => c.status === 'fail').length);
    expect(suite.failures).toBe(failures.length);
    const lane = failures.find((c) => c.classname === 'M4.C.roles-materialized.roles-exist' && c.name === 'roles-exist ROLE_ORACLE_JOBS');
    expect(lane?.failure?.[0]?.type).toBe('M4C-B4');
    expect(lane?.failure?.[0]?.message).toMatch(/ROLE_ORACLE_JOBS|PENDING/);
    for (const c of failures) expect(['M4C-B4', 'M4C-B1', 'M4C-B2']).toContain(c.failure![0]!.type);
    const errors = cases.filter((c) => c.error);
    for (const c of errors) expect(c.error![0]!.type).toMatch(/^M4C-B\d$/);
    expect(suite.properties).toEqual(
      expect.arrayContaining([
        { name: 'overall_pass', value: 'false' },
        { name: 'substrate', value: 'sandbox' },
      ]),
    );

    const md = readFileSync(summary, 'utf8');
    expect(md).toContain('### gatewalk M4.C: ❌ BLOCKED (sandbox)');
    expect(md).toMatch(/\| M4C-B4 \| roles-exist \|/);
    expect(md).toMatch(/\| FAIL \| roles-exist \| ROLE_ORACLE_JOBS \|/);
  });

  it(
    'STOP writes a JUnit error per disputed handle and no attestation; green has no failure and a new digest',
    { timeout: 120_000 },
    async () => {
      expect((await gatewalk(root, ['sandbox', 'apply', 'materialize-lane-roles'])).code).toBe(0);
      const stop = await gatewalk(root, ['run', 'M4.C', '--sandbox', ...flags('stop')]);
      expect(stop.code).toBe(4);
      expect(stop.stderr).toContain('--attestation: STOP sealed no verdict');
      const stopCases = casesOf((await parse(readFileSync(path.join(root, 'stop.xml'), 'utf8'))) as TestSuites);
      expect(stopCases.length).toBeGreaterThan(0);
      expect(stopCases.every((c) => c.error?.[0]?.type === 'GW-CONFLICT')).toBe(true);
      expect(stopCases.map((c) => c.name)).toContain('ROLE_ORACLE_JOBS');

      const summary = path.join(root, 'step-summary.md');
      const before = readFileSync(summary, 'utf8');
      const green = await gatewalk(
        root,
        ['run', 'M4.C', '--sandbox', '--repin-from', 'terraform', '--reason', 'lane roles materialized', ...flags('green')],
        { GITHUB_STEP_SUMMARY: summary },
      );
      expect(green.code, green.stderr).toBe(0);
      const { junit, statement } = await outputs(root, 'green');
      checkStatement(root, '.gatewalk/sandbox/dev_min/', statement);
      expect(statement.predicate.overall_pass).toBe(true);
      expect(statement.predicate.blockers).toEqual([]);
      const blocked = JSON.parse(readFileSync(path.join(root, 'blocked.intoto.json'), 'utf8')) as Statement;
      expect(statement.subject[0]!.name).not.toBe(blocked.subject[0]!.name);
      expect(statement.predicate.logbook.seq).toBeGreaterThan(blocked.predicate.logbook.seq);
      const cases = casesOf(junit);
      expect(cases.length).toBe(statement.predicate.checks.length);
      expect(cases.some((c) => c.failure || c.error)).toBe(false);
      expect(junit.testsuite![0]!.failures).toBe(0);
      const md = readFileSync(summary, 'utf8');
      expect(md.startsWith(before)).toBe(true); // appended, never replaced
      expect(md.slice(before.length)).toContain('### gatewalk M4.C: ✅ GREEN (sandbox)');
    },
  );

  it('a path that cannot be written is exit 2 naming it; the verdict is still sealed', async () => {
    const bad = path.join(root, 'registry', 'dev_min.yaml', 'report.xml'); // a file is not a folder
    const run = await gatewalk(root, ['run', 'M3', '--sandbox', '--junit', bad]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`--junit ${bad}`);
    expect(run.stdout).toMatch(/^M3 GREEN/);
    expect((await gatewalk(root, ['status', '--sandbox'])).stdout).toMatch(/GREEN\s+M3\s/);
  });
});

describe('CI outputs on a second program (a scaffold: env qa, its own phases and blocker codes)', () => {
  it('green then blocked foundation phase', { timeout: 120_000 }, async () => {
    const { mkdtemp } = await import('node:fs/promises');
    const os = await import('node:os');
    const root = await mkdtemp(path.join(os.tmpdir(), 'gw-ci-'));
    expect((await gatewalk(root, ['init', '--env', 'qa', '--program', 'qa_gates'])).code).toBe(0);
    const flags = (tag: string) => ['--junit', path.join(root, `${tag}.xml`), '--attestation', path.join(root, `${tag}.intoto.json`)];
    expect((await gatewalk(root, ['run', 'foundation', '--sandbox', ...flags('green')])).code).toBe(0);
    const green = await outputs(root, 'green');
    checkStatement(root, '.gatewalk/sandbox/qa/', green.statement);
    expect(green.junit.testsuite![0]!.name).toBe('foundation');
    expect(green.junit.testsuite![0]!.failures).toBe(0);

    expect((await gatewalk(root, ['sandbox', 'apply', 'add-nat-gateway'])).code).toBe(0);
    expect((await gatewalk(root, ['run', 'foundation', '--sandbox', ...flags('blocked')])).code).toBe(3);
    const blocked = await outputs(root, 'blocked');
    checkStatement(root, '.gatewalk/sandbox/qa/', blocked.statement);
    expect(blocked.statement.predicate.blockers.map((b) => b.code)).toEqual(['NET-B1']);
    const nat = casesOf(blocked.junit).filter((c) => c.failure);
    expect(nat.map((c) => [c.classname, c.failure![0]!.type])).toEqual([['foundation.guardrails.no-nat', 'NET-B1']]);
  });
});
