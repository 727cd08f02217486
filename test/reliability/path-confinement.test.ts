import { mkdir, mkdtemp, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listVerdicts } from '../../src/evidence/reader.js';
import { sealVerdict } from '../../src/evidence/writer.js';
import { evidenceJson } from '../../src/gates/evidence-json.js';
import { appendLogbook } from '../../src/logbook/logbook.js';
import { gatewalk, tempProgramRoot } from '../cli/cli-harness.js';
import { offlineContext } from '../gates/context.js';
import { fixture, problemsOf, REGISTRY } from '../load/fixture.js';
import { fixedClock, makeTmp } from '../support/tmp.js';

// Item 9 of issue 8: every path gatewalk reads or writes resolves inside the root. Paths from the
// registry and the command line are checked when loaded; links are refused where gatewalk keeps
// evidence and records, and followed elsewhere only when they lead back inside the root.

const outsideDir = () => mkdtemp(path.join(os.tmpdir(), 'gw-outside-'));
const clock = fixedClock('2026-03-01T10:00:00Z');

describe('paths from the registry and the command line', () => {
  it('absolute and ../ values in paths:, overlays and terraform sources are located validation problems', async () => {
    const f = fixture();
    try {
      f.edit(REGISTRY, 'evidence_root: runs/dev_substrate', 'evidence_root: /tmp/elsewhere');
      f.edit(REGISTRY, 'logbook: docs/', 'logbook: ../../docs/');
      f.edit(REGISTRY, 'path: infra/terraform/dev_min/core/outputs.json', 'path: infra/../../core/outputs.json');
      f.edit(REGISTRY, '\nhandles:\n', '\noverlays:\n  - path: /etc/overlay.yaml\n  - path: ../overlay.yaml\n\nhandles:\n');
      const problems = await problemsOf(f.root);
      const expectAt = (needle: string, what: RegExp) =>
        expect(problems).toContainEqual(
          expect.stringMatching(new RegExp(`^${f.at(REGISTRY, needle).replace(/\./g, '\\.')}: .*${what.source}`)),
        );
      expectAt('/tmp/elsewhere', /is absolute/);
      expectAt('../../docs/', /contains "\.\."/);
      expectAt('infra/../../core', /contains "\.\."/);
      expectAt('/etc/overlay.yaml', /is absolute/);
      expectAt('../overlay.yaml', /contains "\.\."/);
      expect(problems.join('\n')).not.toMatch(/overlay file not found/); // never even looked for
    } finally {
      f.cleanup();
    }
  });

  it('--env ../../x and $GATEWALK_ENV=../x are refused before any file is opened', async () => {
    const root = await tempProgramRoot();
    const a = await gatewalk(root, ['status', '--env', '../../x']);
    expect(a.code).toBe(2);
    expect(a.stderr).toContain('invalid env name "../../x"');
    const b = await gatewalk(root, ['validate'], { GATEWALK_ENV: '../registry/dev_min' });
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('invalid env name');
  });

  it('a registry or overlay that links outside the root is refused; one that links inside is read', async () => {
    const f = fixture();
    try {
      const out = await outsideDir();
      await writeFile(path.join(out, 'overlay.yaml'), 'authority:\n  self: ops\nhandles: {}\n');
      await symlink(path.join(out, 'overlay.yaml'), path.join(f.root, 'registry', 'ops.yaml'));
      f.edit(REGISTRY, '\nhandles:\n', '\noverlays:\n  - path: registry/ops.yaml\n\nhandles:\n');
      const problems = await problemsOf(f.root);
      expect(problems).toEqual([
        expect.stringMatching(new RegExp(`^${f.at(REGISTRY, 'registry/ops.yaml')}: overlay .* resolves to .*, outside the project root`)),
      ]);

      const moved = path.join(out, 'dev_min.yaml');
      await writeFile(moved, f.read(REGISTRY));
      const reg = path.join(f.root, REGISTRY);
      await (await import('node:fs/promises')).rm(reg);
      await symlink(moved, reg);
      await expect(problemsOf(f.root)).rejects.toThrow(/registry .*dev_min\.yaml resolves to .*, outside the project root/);

      // a link that stays inside the root is an ordinary file
      await (await import('node:fs/promises')).rm(reg);
      await writeFile(path.join(f.root, 'registry', 'real.yaml'), await readFile(moved, 'utf8'));
      await symlink('real.yaml', reg);
      expect(await problemsOf(f.root)).toEqual([expect.stringMatching(/overlay .*ops\.yaml resolves to/)]); // only the overlay
    } finally {
      f.cleanup();
    }
  });
});

describe('links in the evidence tree and the records', () => {
  it('a planted link is never read as evidence (not a pass, no bytes of its target in the reason)', async () => {
    const root = await makeTmp();
    const out = await outsideDir();
    await writeFile(path.join(out, 'forged.json'), JSON.stringify({ nat_gateways: [] }));
    await mkdir(path.join(root, 'm2_j', '20260101T000000Z'), { recursive: true });
    await symlink(path.join(out, 'forged.json'), path.join(root, 'm2_j', '20260101T000000Z', 'net.json'));
    await symlink('/etc/passwd', path.join(root, 'm2_j', 'passwd.json'));
    const run = (p: { path: string; assert?: string[] }) =>
      evidenceJson.run(offlineContext({ evidenceRoot: root }), evidenceJson.params.parse(p));
    const forged = await run({ path: 'm2_j/*/net.json', assert: ['/nat_gateways == []'] });
    expect(forged.results.map((r) => [r.status, r.reason])).toEqual([['error', expect.stringMatching(/symbolic link/)]]);
    // a linked folder on the way is refused just the same
    await symlink(out, path.join(root, 'm2_j', '20260202T000000Z'));
    expect((await run({ path: 'm2_j/*/forged.json' })).results[0]!.status).toBe('error');
    const passwd = await run({ path: 'm2_j/passwd.json' });
    expect(passwd.results[0]!.status).toBe('error');
    expect(passwd.results[0]!.reason).not.toMatch(/root:/);
  });

  it('a symlinked phase folder receives no seal, and is not read as verdicts', async () => {
    const root = await makeTmp();
    const out = await outsideDir();
    await symlink(out, path.join(root, 'm4'));
    await expect(
      sealVerdict({ evidenceRoot: root, phaseDir: 'm4', snapshotName: 's.json', verdict: { overall_pass: true, blockers: [] }, clock }),
    ).rejects.toThrow(/m4 is a symbolic link/);
    expect(await readdir(out)).toEqual([]);
    await expect(listVerdicts(root, 'm4', 's.json')).rejects.toThrow(/symbolic link/);
  });

  it('a planted snapshot link inside a verdict folder is refused, not trusted', async () => {
    const root = await makeTmp();
    const out = await outsideDir();
    await writeFile(path.join(out, 's.json'), JSON.stringify({ overall_pass: true }));
    await mkdir(path.join(root, 'm4', '29991231T235959Z'), { recursive: true });
    await symlink(path.join(out, 's.json'), path.join(root, 'm4', '29991231T235959Z', 's.json'));
    await expect(listVerdicts(root, 'm4', 's.json')).rejects.toThrow(/s\.json is a symbolic link/);
  });

  it('a symlinked logbook receives no append', async () => {
    const dir = await makeTmp();
    const out = await outsideDir();
    await writeFile(path.join(out, 'target.jsonl'), '');
    await symlink(path.join(out, 'target.jsonl'), path.join(dir, 'logbook.jsonl'));
    await expect(
      appendLogbook(path.join(dir, 'logbook.jsonl'), { kind: 'test', substrate: 'sandbox', env: 'e', actor: 'a', data: {} }, clock),
    ).rejects.toThrow();
    expect(await readFile(path.join(out, 'target.jsonl'), 'utf8')).toBe('');
  });

  it('through the CLI: a linked logbook or evidence root stops the run before anything is written (exit 2)', async () => {
    const root = await tempProgramRoot();
    expect((await gatewalk(root, ['sandbox', 'reset', '--env', 'dev_min'])).code).toBe(0);
    const out = await outsideDir();
    const ws = path.join(root, '.gatewalk/sandbox/dev_min');
    await writeFile(path.join(out, 'logbook.jsonl'), '');
    await (await import('node:fs/promises')).rm(path.join(ws, 'logbook.jsonl'), { force: true });
    await symlink(path.join(out, 'logbook.jsonl'), path.join(ws, 'logbook.jsonl'));
    const r = await gatewalk(root, ['run', 'M0', '--sandbox', '--attest', 'authority-lock=pass:ok', '--attest', 'governance=pass:ok']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/logbook .*(outside the project root|symbolic link)/);
    expect(await readFile(path.join(out, 'logbook.jsonl'), 'utf8')).toBe('');
  });
});
