import { appendFile, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { copyProgram, SHOP } from '../fixtures/programs.js';
import { gatewalk, tempProgramRoot } from './cli-harness.js';

// `logbook verify` checks every snapshot the logbook vouches for, also those of a phase that has
// since been taken out of the runbook: sealed evidence never changes, whatever the runbook says
// now. (Phase state reads only the runbook's phases, so before this an edited or deleted snapshot
// of a removed phase went unreported.) On the shipped program and on the shop fixture.

const PROGRAMS = [
  {
    name: 'dev_min',
    root: () => tempProgramRoot(),
    env: 'dev_min',
    seal: [
      ['run', 'M0', '--attest', 'authority-lock=pass:ok', '--attest', 'governance=pass:ok'],
      ['run', 'M1'],
    ],
    keep: ['M0'],
    removed: 'M1',
  },
  {
    name: 'shop',
    root: () => copyProgram(SHOP),
    env: SHOP.env,
    seal: [
      ['run', 'release', '--attest', 'notes=pass:signed off'],
      ['run', 'stage-account'],
    ],
    keep: ['release', 'go-live-notes'],
    removed: 'stage-account',
  },
];

/** Keeps only these phases in the program's (one) runbook, comments and all. */
async function keepPhases(root: string, ids: string[]): Promise<void> {
  const [name] = (await readdir(path.join(root, 'runbooks'))).filter((f) => f.endsWith('.yaml'));
  const file = path.join(root, 'runbooks', name!);
  const doc = parseDocument(await readFile(file, 'utf8'));
  const phases = doc.get('phases') as { items: Array<{ get(k: string): unknown }> };
  phases.items = phases.items.filter((p) => ids.includes(String(p.get('id'))));
  await writeFile(file, doc.toString());
}

describe.each(PROGRAMS)('evidence of a phase no longer in the runbook ($name)', (p) => {
  it('still verifies when intact, and is tampering (exit 3) when edited or deleted', async () => {
    const root = await p.root();
    for (const args of p.seal) expect((await gatewalk(root, [...args, '--sandbox'])).code).toBe(0);
    const logbook = path.join(root, '.gatewalk', 'sandbox', p.env, 'logbook.jsonl');
    const sealed = (await readFile(logbook, 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { seq: number; kind: string; data: { phase: string; path: string } })
      .find((r) => r.kind === 'verdict.sealed' && r.data.phase === p.removed)!;
    await keepPhases(root, p.keep);
    expect((await gatewalk(root, ['validate', '--sandbox'])).code).toBe(0);

    const intact = await gatewalk(root, ['logbook', 'verify', '--sandbox']);
    expect(intact.code, intact.stdout + intact.stderr).toBe(0);

    const snapshot = path.join(root, sealed.data.path);
    const bytes = await readFile(snapshot);
    await appendFile(snapshot, ' ');
    const edited = await gatewalk(root, ['logbook', 'verify', '--sandbox']);
    expect(edited.code).toBe(3);
    expect(edited.stdout).toContain(
      `tampering: ${sealed.data.path}: edited after it was sealed: its SHA-256 differs from logbook record ${sealed.seq} (phase ${p.removed}, no longer in the runbook)`,
    );

    await writeFile(snapshot, bytes);
    expect((await gatewalk(root, ['logbook', 'verify', '--sandbox'])).code).toBe(0);
    await rm(snapshot);
    const deleted = await gatewalk(root, ['logbook', 'verify', '--sandbox']);
    expect(deleted.code).toBe(3);
    expect(deleted.stdout).toContain(`tampering: ${sealed.data.path}: missing: logbook record ${sealed.seq} sealed it`);
  }, 120_000);
});
