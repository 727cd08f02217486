import { describe, expect, it } from 'vitest';
import { copyProgram, SHOP } from '../fixtures/programs.js';
import { KEY, tempRoot } from './helpers.js';
import { sandboxConsole } from './sandbox-console.js';

// Item 10 on real sessions of both programs: `/` on home, on the logbook and on a phase's history.

const open = sandboxConsole();

/** Phase ids of the home rows on screen. */
const homeRows = (frame: string) => [...frame.matchAll(/^[› ] (\S+)\s+[✔■▶✘⚠⏸·]/gm)].map((m) => m[1]);

describe('the / filter on both programs', () => {
  it('dev_min: home narrows to the M4 phases; the logbook to the governance attestation; M0 history to attestations', async () => {
    const { press } = await open(await tempRoot(), 'dev_min', {
      green: { M0: { 'authority-lock': { status: 'pass', note: 'stack pinned' }, governance: { status: 'pass', note: 'single owner' } } },
    });
    let frame: string;
    await press('', /P12\s/);
    frame = await press('/m4\r', 'filter /m4');
    // M4.C and M4 by id, P12 because it "waits for M4".
    expect(homeRows(frame)).toEqual(['M4.C', 'M4', 'P12']);
    frame = await press(KEY.esc, (f) => !f.includes('filter /'));
    expect(homeRows(frame)).toHaveLength(8);

    await press('l', 'hash chain verified');
    await press('/', '3 of 3');
    frame = await press('OWNER', '1 of 3');
    expect(frame).toMatch(/attest\s+M0\/governance PASS — single owner/);
    expect(frame).not.toContain('authority-lock PASS');
    await press(KEY.enter, 'filter /OWNER');
    await press(KEY.esc, 'authority-lock PASS');
    await press(KEY.esc, /M0\s+✔ GREEN/);

    await press('k'.repeat(8), /› M0\s/);
    await press(KEY.enter, 'h phase history');
    await press('h', 'ATTEST governance pass → PASS');
    frame = await press('/attest\r', 'filter /attest');
    expect(frame).toContain('ATTEST authority-lock pass');
    expect(frame).toContain('ATTEST governance pass');
    expect(frame).not.toMatch(/#\d+ \S+ \S+ PASS/);
    await press('/nothing-like-this\r', 'No event matches');
  });

  it('shop: home narrows to the stage phases; the logbook to the release notes attestation', async () => {
    const { press } = await open(await copyProgram(SHOP), SHOP.env, {
      green: { release: { notes: { status: 'pass', note: 'notes signed by QA' } } },
    });
    let frame: string;
    await press('', 'access-review');
    await press('/', 'enter keep filter');
    frame = await press('account', '2 of 5');
    expect(homeRows(frame)).toEqual(['stage-account', 'stage-roles']); // stage-roles waits for stage-account
    await press('\x7f'.repeat(7), '5 of 5');
    frame = await press('roles', (f) => f.includes('/roles') && f.includes('2 of 5'));
    expect(homeRows(frame)).toEqual(['stage-roles', 'access-review']);
    await press(KEY.enter, 'filter /roles');
    frame = await press(KEY.esc, (f) => !f.includes('filter /'));
    expect(homeRows(frame)).toEqual(SHOP.phases);

    await press('l', 'hash chain verified');
    frame = await press('/qa\r', 'filter /qa');
    expect(frame).toMatch(/attest\s+release\/notes PASS — notes signed by QA/);
    expect(frame).not.toContain('verdict.sealed');
  });
});
