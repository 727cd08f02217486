import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyProgram, SHOP } from '../fixtures/programs.js';
import { gatewalk, tempProgramRoot } from './cli-harness.js';

// Issue 9.10: a docs-only phase (sealed_in: logbook) seals its whole verdict into its logbook record
// and impl_actual, writes no evidence folder, and everything that reads sealed verdicts reads it:
// status and STALE propagation, requires, recheck, history, --json and the CI outputs. Both programs.

const SCENARIOS = [
  {
    name: 'dev_min M0',
    env: 'dev_min',
    makeRoot: tempProgramRoot,
    before: [] as string[][],
    phase: 'M0',
    green: ['--attest', 'authority-lock=pass:stack pinned', '--attest', 'governance=pass:one owner'],
    blocked: ['--attest', 'authority-lock=pass:stack pinned', '--attest', 'governance=fail:no owner yet'],
    blocker: 'M0-B2',
    label: 'ADVANCE_TO_M1',
    next: 'M1',
    regress: { phase: 'M0', args: ['--attest', 'authority-lock=fail:stack moved', '--attest', 'governance=pass:one owner'] },
  },
  {
    name: 'shop go-live-notes',
    env: SHOP.env,
    makeRoot: () => copyProgram(SHOP),
    before: [['run', 'release', '--sandbox', '--attest', 'notes=pass:signed off']],
    phase: 'go-live-notes',
    green: ['--attest', 'notes-agreed=pass:rollback and on-call agreed'],
    blocked: ['--attest', 'notes-agreed=fail:no on-call yet'],
    blocker: 'NOTE-1',
    label: 'NOTES_AGREED',
    next: undefined,
    regress: { phase: 'release', args: ['--attest', 'notes=fail:tag pulled'] },
  },
];

const roots: string[] = [];
afterAll(async () => {
  for (const r of roots) await rm(r, { recursive: true, force: true });
});

const lines = async (file: string) =>
  (await readFile(file, 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { seq: number; hash: string; kind: string; data: Record<string, any> });

describe('docs-only phases: the logbook record is the seal', { timeout: 300_000 }, () => {
  for (const sc of SCENARIOS) {
    it(`${sc.name}: sealed in the logbook and impl_actual, no folder; status, requires, STALE, recheck, history, --json and CI outputs read it`, async () => {
      const root = await sc.makeRoot();
      roots.push(root);
      const g = (...args: string[]) => gatewalk(root, args);
      expect((await g('sandbox', 'reset')).code).toBe(0);
      for (const b of sc.before) expect((await g(...b)).code).toBe(0);
      const dir = path.join(root, '.gatewalk', 'sandbox', sc.env);
      const logbook = path.join(dir, 'logbook.jsonl');
      const evidenceBefore = await readdir(path.join(dir, 'evidence'));

      // Blocked first, then green: each verdict is one record holding the whole verdict.
      const held = await g('run', sc.phase, '--sandbox', ...sc.blocked);
      expect(held.code, held.stderr).toBe(3);
      expect(held.stdout).toMatch(/sealed in: logbook record \d+ \(docs-only: no evidence folder\)/);
      const green = await g(
        'run',
        sc.phase,
        '--sandbox',
        ...sc.green,
        '--json',
        '--junit',
        path.join(root, 'j.xml'),
        '--attestation',
        path.join(root, 'a.json'),
      );
      expect(green.code, green.stderr).toBe(0);
      const out = JSON.parse(green.stdout);
      expect(out).toMatchObject({ phase: sc.phase, overall_pass: true, verdict: sc.label, snapshot: null, sealed_in: 'logbook' });
      expect(await readdir(path.join(dir, 'evidence'))).toEqual(evidenceBefore); // nothing written under the evidence root
      const recs = await lines(logbook);
      const sealed = recs.filter((r) => r.kind === 'verdict.sealed' && r.data.phase === sc.phase);
      expect(sealed.map((r) => [r.data.overall_pass, r.data.blockers])).toEqual([
        [false, [sc.blocker]],
        [true, []],
      ]);
      const last = sealed.at(-1)!;
      expect(last.seq).toBe(out.logbook_seq);
      expect(last.data).toMatchObject({ sealed_in: 'logbook', verdict_sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
      expect(last.data.path).toBeUndefined();
      // The whole verdict: results (with the docs' hashes on M0), blockers, the logbook head it follows.
      expect(last.data.verdict.checks).toEqual(out.checks);
      expect(last.data.verdict.logbook_head.seq).toBe(last.seq - 1);
      const impl = await readFile(path.join(dir, 'impl_actual.md'), 'utf8');
      expect(impl).toContain(`VERDICT ${sc.phase}: GREEN`);
      expect(impl).toContain('- **sealed_in:** logbook (this record is the seal; no evidence folder)');
      expect(impl).toContain(`- **logbook_seq:** ${last.seq}`);

      // CI outputs: the subject is the record, its digest the verdict's canonical SHA-256.
      const statement = JSON.parse(await readFile(path.join(root, 'a.json'), 'utf8'));
      expect(statement.subject).toEqual([
        { name: expect.stringMatching(new RegExp(`logbook\\.jsonl#${last.seq}$`)), digest: { sha256: last.data.verdict_sha256 } },
      ]);
      expect(statement.predicate).toMatchObject({
        phase: sc.phase,
        overall_pass: true,
        logbook: { seq: last.seq, record_hash: last.hash },
      });
      expect(await readFile(path.join(root, 'j.xml'), 'utf8')).toContain(`<testsuite name="${sc.phase}`);

      // Status reads it; a phase that requires it runs and names the record.
      // The status table (also the console's first frame) reads it as any sealed verdict.
      expect((await g('status', '--sandbox')).stdout).toMatch(
        new RegExp(`✔ GREEN\\s+${sc.phase.replace('.', '\\.')}\\s.*last \\S+ blockers: \\[\\]`),
      );
      const status = JSON.parse((await g('status', '--sandbox', '--json')).stdout) as Array<{ phase: string; state: string }>;
      expect(status.find((s) => s.phase === sc.phase)?.state).toBe('green');
      if (sc.next) {
        const next = await g('run', sc.next, '--sandbox', '--json');
        expect(next.code, next.stderr).toBe(0);
        expect(JSON.parse(next.stdout).requires).toEqual([
          { phase: sc.phase, verdict: `.gatewalk/sandbox/${sc.env}/logbook.jsonl#${last.seq}` },
        ]);
      }
      const recheck = await g('recheck', sc.phase, '--sandbox');
      expect(recheck.code, recheck.stderr).toBe(0);
      expect(recheck.stdout).toMatch(
        new RegExp(`STILL GREEN\\s+${sc.phase.replace('.', '\\.')}\\s+\\(vs \\.gatewalk/sandbox/${sc.env}/logbook\\.jsonl#${last.seq}\\)`),
      );
      const history = JSON.parse((await g('history', sc.phase, '--sandbox', '--json')).stdout);
      const verdicts = (history.events ?? history).filter((e: { kind: string }) => e.kind === 'verdict');
      expect(verdicts.map((e: { overall_pass: boolean; snapshot: string }) => [e.overall_pass, e.snapshot])).toEqual([
        [false, expect.stringMatching(/^logbook#\d+$/)],
        [true, `logbook#${last.seq}`],
      ]);
      expect(verdicts[1].changes.length).toBeGreaterThan(0); // compared against the blocked verdict's results

      // STALE propagation through a docs-only phase (its requirement regresses) or from it.
      const regress = await g('run', sc.regress.phase, '--sandbox', ...sc.regress.args);
      expect(regress.code, regress.stderr).toBe(3);
      const after = JSON.parse((await g('status', '--sandbox', '--json')).stdout) as Array<{ phase: string; state: string }>;
      const stale = sc.next ?? sc.phase;
      expect(after.find((s) => s.phase === stale)?.state).toBe('stale');
      expect((await g('logbook', 'verify', '--sandbox')).code).toBe(0);
    });
  }
});
