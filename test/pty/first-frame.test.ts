import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, tempProgramRoot } from '../cli/cli-harness.js';
import { copyProgram, SHOP } from '../fixtures/programs.js';
import { openTerminal, type Terminal } from './terminal.js';

// Issue 12.5: the console's first frame is the real phase table, drawn before Ink is up, and Ink
// then takes the screen over without leaving those lines behind.

const PROGRAMS = [
  { name: 'dev_min', env: 'dev_min', root: () => tempProgramRoot() },
  { name: 'shop', env: SHOP.env, root: () => copyProgram(SHOP) },
];

/** Every phase id of the program's (one) runbook, in order. */
async function phaseIds(root: string): Promise<string[]> {
  const [file] = (await readdir(path.join(root, 'runbooks'))).filter((f) => f.endsWith('.yaml'));
  return (parse(await readFile(path.join(root, 'runbooks', file!), 'utf8')) as { phases: Array<{ id: string }> }).phases.map((ph) => ph.id);
}

let t: Terminal | undefined;
afterEach(() => t?.kill());

describe.each(PROGRAMS)('first frame on $name', (p) => {
  it('is the phase table with states, then the console replaces it line for line, and q leaves', async () => {
    const root = await p.root();
    const phases = await phaseIds(root);
    t = openTerminal(process.execPath, [BIN, '--sandbox', '--env', p.env, '--root', root], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: root, TERM: 'xterm-256color', LANG: 'C.UTF-8', NO_COLOR: '1' },
    });
    // The plain frame (in the byte stream: it is on screen only until Ink is up): every phase with
    // its state, before the console's own header.
    const home = await t.waitFor((s) => s.includes('q quit') && !s.includes('opening the console'), 30_000);
    const raw = t.raw();
    const plain = raw.slice(0, raw.indexOf('opening the console…'));
    expect(plain.length).toBeGreaterThan(0);
    expect(plain).not.toContain('operator');
    for (const id of phases) expect(plain).toMatch(new RegExp(`(READY|LOCKED|GREEN|BLOCKED|STALE)\\s+${id.replace('.', '\\.')}\\s`));
    expect(plain).toContain(`env ${p.env} [SANDBOX]`);

    // The console's frame: the plain lines are gone, each phase is on screen once.
    expect(home).not.toContain(`env ${p.env} [SANDBOX]`);
    const stateRows = home.split('\n').filter((l) => /(READY|LOCKED|GREEN|BLOCKED|STALE|TAMPERED)\s/.test(l));
    expect(stateRows).toHaveLength(phases.length); // one table, not the plain one left above the console's
    for (const id of phases) expect(stateRows.join('\n')).toContain(id);
    t.press('q');
    const stuck = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`still running 60 s after q; screen:\n${t?.screen()}`)), 60_000).unref(),
    );
    expect(await Promise.race([t.exited, stuck])).toBe(0);
  }, 120_000);
});
