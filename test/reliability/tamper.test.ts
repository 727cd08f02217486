import { cp, mkdir, readdir, readFile, rename, utimes } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { gatewalk } from '../cli/cli-harness.js';
import { chainRoot, evidenceDir, forceWrite, run, SB, sandboxDir, states } from './chain-program.js';

// Issue 8.4: phase state comes from the logbook; a snapshot counts only while its bytes match the
// SHA-256 its verdict.sealed record carries. Edited, planted and deleted verdicts are tampering
// (exit 3, the file named) and never green. Through the built binary, on a three-phase program.
describe('tampered evidence never counts as green', { timeout: 120_000 }, () => {
  let root: string;
  const only = async (dir: string) => {
    const names = (await readdir(evidenceDir(root, dir))).filter((n) => !n.startsWith('.'));
    return names.sort();
  };

  beforeAll(async () => {
    root = await chainRoot();
    for (const p of ['A', 'B', 'C']) expect((await run(root, p)).code, p).toBe(0);
  }, 120_000);

  it('all green to start with: status exits 0', async () => {
    expect(await states(root)).toMatchObject({ code: 0, states: { A: 'green', B: 'green', C: 'green' } });
  });

  it('a blocked verdict edited to green is TAMPERED, downstream is not green, and a run of it is refused', async () => {
    expect((await gatewalk(root, ['sandbox', 'apply', 'drop-db-password-parameter', '--env', 'dev_min'])).code).toBe(0);
    expect((await run(root, 'B')).code).toBe(3);
    expect((await states(root)).states).toEqual({ A: 'green', B: 'blocked', C: 'stale' });
    const newest = (await only('b_dir')).at(-1)!;
    const file = path.join(evidenceDir(root, 'b_dir'), newest, 'b_snapshot.json');
    const original = await readFile(file, 'utf8');
    const forged = JSON.parse(original);
    Object.assign(forged, { overall_pass: true, blockers: [], verdict: 'PASS' });
    await forceWrite(file, JSON.stringify(forged, null, 2) + '\n');

    const s = await states(root);
    expect(s.code).toBe(3);
    expect(s.states).toEqual({ A: 'green', B: 'tampered', C: 'stale' });
    expect(s.stderr).toContain(`tampering: .gatewalk/sandbox/dev_min/evidence/b_dir/${newest}/b_snapshot.json: edited after it was sealed`);
    const refused = await run(root, 'C');
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain(`B is not green (TAMPERED: .gatewalk/sandbox/dev_min/evidence/b_dir/${newest}/b_snapshot.json`);

    await forceWrite(file, original); // the real bytes again: believed again, and blocked
    expect(await states(root)).toMatchObject({ code: 0, states: { B: 'blocked', C: 'stale' } });
  });

  it('deleting the newest verdict folder does not roll the phase back to its older green verdict', async () => {
    const newest = (await only('b_dir')).at(-1)!;
    await rename(path.join(evidenceDir(root, 'b_dir'), newest), path.join(root, 'moved-aside'));
    const s = await states(root);
    expect(s.code).toBe(3);
    expect(s.states.B).toBe('tampered');
    expect(s.stderr).toContain(`b_dir/${newest}/b_snapshot.json: missing`);
    await rename(path.join(root, 'moved-aside'), path.join(evidenceDir(root, 'b_dir'), newest));
  });

  it('a planted future-dated green folder is TAMPERED and does not hide the real, later verdicts', async () => {
    expect((await gatewalk(root, ['sandbox', 'apply', 'restore-db-password-parameter', '--env', 'dev_min'])).code).toBe(0);
    const greenB = (await only('b_dir'))[0]!;
    const planted = path.join(evidenceDir(root, 'b_dir'), '29991231T235959Z');
    await mkdir(planted);
    await cp(path.join(evidenceDir(root, 'b_dir'), greenB, 'b_snapshot.json'), path.join(planted, 'b_snapshot.json'));
    const s = await states(root);
    expect(s.code).toBe(3);
    expect(s.states.B).toBe('tampered');
    expect(s.stderr).toContain('b_dir/29991231T235959Z/b_snapshot.json: no logbook record vouches for this verdict');

    // The run's previous verdict is the logbook's latest (blocked), not the planted folder.
    const rerun = await run(root, 'B');
    expect(rerun.code).toBe(0);
    expect(rerun.stderr).toMatch(/db\/password: FAIL → PASS/);
    const real = (await only('b_dir')).filter((n) => !n.startsWith('2999'));
    const sealed = JSON.parse(await readFile(path.join(evidenceDir(root, 'b_dir'), real.at(-1)!, 'b_snapshot.json'), 'utf8'));
    expect(sealed.previous_verdict).toBe(`.gatewalk/sandbox/dev_min/evidence/b_dir/${real.at(-2)}/b_snapshot.json`);

    await rename(planted, path.join(root, 'planted-aside'));
    expect(await states(root)).toMatchObject({ code: 0, states: { A: 'green', B: 'green', C: 'green' } });
  });

  it('removing the last logbook record makes its verdict folder unvouched', async () => {
    const logbook = path.join(sandboxDir(root), 'logbook.jsonl');
    const lines = (await readFile(logbook, 'utf8')).split('\n').filter(Boolean);
    const lastSealed = lines.map((l) => l.includes('"verdict.sealed"')).lastIndexOf(true);
    await forceWrite(logbook, lines.slice(0, lastSealed).join('\n') + '\n');
    const s = await states(root);
    expect(s.code).toBe(3);
    expect(s.stderr).toMatch(/b_snapshot\.json: no logbook record vouches for this verdict/);
    expect((await gatewalk(root, ['run', 'C', ...SB])).code).toBe(3);
  });
});

// The ledger does not re-read a sealed snapshot that already hashed right and has not changed since
// (src/evidence/sealed-hashes.ts). An older verdict edited after that, keeping its size and putting
// its mtime back, is still found: only the ctime tells, and it does.
describe('a snapshot already checked, then edited in place, is still tampering', { timeout: 120_000 }, () => {
  it('keeps its size and its mtime, and status still names it', async () => {
    const root = await chainRoot();
    for (const p of ['A', 'A', 'B']) expect((await run(root, p)).code, p).toBe(0);
    const stamps = (await readdir(evidenceDir(root, 'a_dir'))).filter((n) => !n.startsWith('.')).sort();
    expect(stamps).toHaveLength(2);
    const older = path.join(evidenceDir(root, 'a_dir'), stamps[0]!, 'a_snapshot.json');
    await utimes(older, 1e9, 1e9); // whole seconds, so that it can be put back exactly
    await new Promise((r) => setTimeout(r, 2_100)); // older than the 2 s a hash must wait to be remembered
    expect(await states(root)).toMatchObject({ code: 0, states: { A: 'green', B: 'green' } });
    // The check was remembered, so the next status does not read the file: what is under test.
    const cache = path.join(root, '.gatewalk', 'cache');
    const list = (await readdir(cache)).find((n) => n.startsWith('sealed-'));
    expect(JSON.parse(JSON.parse(await readFile(path.join(cache, list!), 'utf8')).body).files).toHaveProperty([older]);

    const text = await readFile(older, 'utf8');
    await forceWrite(older, text.replace(/\n$/, ' ')); // one byte changed, same length
    await utimes(older, 1e9, 1e9);
    expect((await readFile(older, 'utf8')).length).toBe(text.length);
    const s = await states(root);
    expect(s.code).toBe(3);
    expect(s.states.A).toBe('tampered');
    expect(s.stderr).toContain(`a_dir/${stamps[0]}/a_snapshot.json: edited after it was sealed`);
  });
});
