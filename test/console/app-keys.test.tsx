import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/console/App.js';
import type { PhaseStatus } from '../../src/console/ports/engine-port.js';
import { fakePort, phase, result, type FakePort } from './fake-port.js';
import { KEY, press, ready, waitForFrame } from './helpers.js';

afterEach(() => cleanup());

function start(port: FakePort, color = false) {
  const exit: { code?: number } = {};
  const app = render(<App port={port} theme={{ color }} onExit={(c) => (exit.code = c)} />);
  return { app, exit };
}

const P = phase('P1', [{ id: 'roles', checks: ['roles-exist'] }]);
const attestRecord = (seq: number) => ({
  seq,
  ts: '2026-01-01T10:00:00Z',
  prev_hash: '',
  hash: '',
  kind: 'attest',
  substrate: 'sandbox' as const,
  env: 'dev_min',
  actor: 'me',
  data: { phase: 'M0', step: 'governance', status: 'pass', note: 'one owner' },
});
const until = (cond: () => boolean) =>
  waitForFrame(
    () => String(cond()),
    (f) => f === 'true',
  );

describe('keys that work everywhere', () => {
  it('? toggles the help overlay, which lists the keys', async () => {
    const { app } = start(fakePort([P], {}));
    await ready(app, '› P1');
    let frame = await press(app, '?', 'Help — home screen');
    expect(frame).toContain('r rerun step');
    expect(frame).toContain('ctrl-c cancel checks / exit');
    expect(frame).toContain('1-9 pick by number');
    expect(frame).toContain('Choices are menus');
    frame = await press(app, '?', 'enter open phase');
    expect(frame).not.toContain('Help —');
    await press(app, '?', 'Help —');
    await press(app, KEY.esc, 'enter open phase');
  });

  it('q quits at once when no run is open', async () => {
    const { app, exit } = start(fakePort([P], {}));
    await ready(app, '› P1');
    app.stdin.write('q');
    await until(() => exit.code === 0);
  });

  it('q asks for confirmation while a run is in flight; n goes back, y cancels, records and exits 130', async () => {
    let release!: () => void;
    const hold = new Promise<void>((r) => (release = r));
    const port = fakePort([P], { P1: { results: { roles: [[result('roles', 'roles-exist', 'ROLE_IG', 'pass')]] }, hold } });
    const { app, exit } = start(port);
    await ready(app, '› P1');
    await press(app, KEY.enter, 'enter run step');
    await press(app, KEY.enter, /roles-exist\s+fake\.gate\s+\d+\.\ds/); // live: spinner + elapsed
    await press(app, 'q', 'Quit while P1 is in flight?');
    await press(app, 'n', 'running roles');
    expect(exit.code).toBeUndefined();
    await press(app, 'q', 'Quit while P1 is in flight?');
    app.stdin.write('y');
    await until(() => exit.code === 130);
    expect(port.runs[0]!.calls).toEqual(['run roles', 'interrupted']);
    release();
  });

  it('Ctrl-C during a check cancels it, records the interrupt, never seals, exits 130', async () => {
    const port = fakePort([P], {
      P1: { results: { roles: [[result('roles', 'roles-exist', 'ROLE_IG', 'pass')]] }, hold: new Promise(() => {}) },
    });
    const { app, exit } = start(port);
    await ready(app, '› P1');
    await press(app, KEY.enter, 'enter run step');
    await press(app, KEY.enter, 'ctrl-c cancel checks');
    app.stdin.write(KEY.ctrlC);
    await until(() => exit.code === 130);
    expect(port.runs[0]!.calls).toEqual(['run roles', 'interrupted']);
  });

  it('l opens the logbook with the chain status; esc returns where it was opened', async () => {
    const port = fakePort([P], {});
    port.chain = Promise.resolve({ ok: false, line: 3, reason: 'hash does not match the record (edited after it was written)' });
    port.logbookView = {
      path: '/x/logbook.jsonl',
      records: [attestRecord(1)],
    };
    const { app } = start(port);
    await ready(app, '› P1');
    const frame = await press(app, 'l', 'BROKEN at line 3');
    expect(frame).toContain('✘ FAIL');
    expect(frame).toMatch(/#1 10:00:00 attest\s+M0\/governance PASS — one owner/);
    await press(app, KEY.esc, '› P1');
  });

  it('the logbook shows the newest records before the chain is verified, and says "verified" only once it is', async () => {
    const port = fakePort([P], {});
    let answer!: (r: { ok: true; records: number }) => void;
    port.chain = new Promise((resolve) => (answer = resolve));
    port.logbookView = {
      path: '/x/logbook.jsonl',
      records: [attestRecord(7)],
    };
    const { app } = start(port);
    await ready(app, '› P1');
    const before = await press(app, 'l', '#7 10:00:00 attest');
    expect(before).toContain('verifying the hash chain');
    expect(before).not.toContain('hash chain verified');
    expect(before).not.toContain('✔');
    answer({ ok: true, records: 7 });
    const after = await waitForFrame(app.lastFrame, (f) => f.includes('hash chain verified: 7 record(s)'));
    expect(after).not.toContain('verifying the hash chain');
  });
});

describe('leaving', () => {
  it('SIGTERM / SIGHUP (the terminate signal) is handled like Ctrl-C', async () => {
    const port = fakePort([P], {
      P1: { results: { roles: [[result('roles', 'roles-exist', 'ROLE_IG', 'pass')]] }, hold: new Promise(() => {}) },
    });
    const terminate = new AbortController();
    const exit: { code?: number } = {};
    const app = render(<App port={port} theme={{ color: false }} onExit={(c) => (exit.code = c)} terminate={terminate.signal} />);
    await ready(app, '› P1');
    await press(app, KEY.enter, 'enter run step');
    await press(app, KEY.enter, 'ctrl-c cancel checks');
    terminate.abort();
    await until(() => exit.code === 130);
    expect(port.runs[0]!.calls).toEqual(['run roles', 'interrupted']);
  });

  it('leaving a phase with unsealed results asks first and records the interrupt', async () => {
    const port = fakePort([P], { P1: { results: { roles: [[result('roles', 'roles-exist', 'ROLE_IG', 'fail')]] } } });
    const { app } = start(port);
    await ready(app, '› P1');
    await press(app, KEY.enter, 'enter run step');
    await press(app, KEY.enter, '✘ FAIL');
    await press(app, KEY.esc, 'enter run step');
    await press(app, KEY.backspace, 'Leave P1 without sealing a verdict?');
    await press(app, 'y', '› P1');
    expect(port.runs[0]!.calls).toEqual(['run roles', 'interrupted']);
  });
});

describe('what reaches the terminal', () => {
  it('home lists every phase with glyph + word; locked phases say what they wait for', async () => {
    const phases = ['M0', 'M1', 'M2'].map((id) => phase(id, [{ id: 's', checks: ['c'] }]));
    const statuses: PhaseStatus[] = [
      {
        phase: phases[0]!,
        state: 'green',
        waitingFor: [],
        notGreenAncestors: [],
        tamper: [],
        last: { path: '/v', seq: 1, overall_pass: true, blockers: [], finished_at: '2026-02-01T10:00:00Z' },
      },
      {
        phase: phases[1]!,
        state: 'blocked',
        waitingFor: [],
        notGreenAncestors: [],
        tamper: [],
        last: { path: '/v', seq: 2, overall_pass: false, blockers: [{ code: 'M1-B1', message: 'm' }] },
      },
      { phase: phases[2]!, state: 'locked', waitingFor: ['M1'], notGreenAncestors: ['M1'], tamper: [] },
    ];
    const { app } = start(fakePort(phases, {}, statuses));
    const frame = await ready(app, '■ LOCKED');
    expect(frame).toMatch(/M0\s+✔ GREEN\s+0\s+GREEN 2026-02-01 10:00/);
    expect(frame).toMatch(/M1\s+✘ BLOCKED\s+1\s+HOLD/);
    expect(frame).toContain('waits for M1');
    await press(app, KEY.down, 'M1 is blocked by its last verdict: M1-B1');
    await press(app, 'j', 'M2 is locked: M1 must close green first');
  });

  it('control characters, escape sequences and bidi overrides from AWS never reach the terminal', async () => {
    const evil = 'denied\x1b[2J\x1b]0;pwned\x07 by \u202eeulav\u202c policy\x00\x08';
    const port = fakePort([P], { P1: { results: { roles: [[result('roles', 'roles-exist', 'ROLE_\x1b[31mIG', 'fail', evil)]] } } });
    const { app } = start(port);
    await ready(app, '› P1');
    await press(app, KEY.enter, 'enter run step');
    const frame = await press(app, KEY.enter, '✘ FAIL');
    expect(frame).toContain('ROLE_IG');
    expect(frame).toContain('denied by eulav policy??');
    for (const bad of ['\x1b[2J', '\x1b]0;', '\x07', '\u202e', '\u202c', '\x00', '\x08', '\x1b[31mIG']) expect(frame).not.toContain(bad);
  });

  it('a long step fits 24 rows: results scroll, the summary and the keys stay on screen', async () => {
    const many = Array.from({ length: 40 }, (_, i) =>
      result('roles', 'roles-exist', `ROLE_${i}`, i % 3 ? 'pass' : 'fail', 'x'.repeat(150)),
    );
    const port = fakePort([P], { P1: { results: { roles: [many] } } });
    const { app } = start(port);
    await ready(app, '› P1');
    await press(app, KEY.enter, 'enter run step');
    const frame = await press(app, KEY.enter, 'step not green');
    expect(frame.split('\n').length).toBeLessThanOrEqual(23);
    expect(frame).toContain('40 results');
    expect(frame).toMatch(/✘ FAIL\s+ROLE_0\s/); // blocking results first
    expect(frame).toContain('q quit');
    await press(app, 'jjjjjjjjjjjjjj', /✘ FAIL\s+ROLE_39\s/);
  });

  it('adapts to a resize: every line fits the new width', async () => {
    const { app } = start(fakePort([P], {}));
    await ready(app, '› P1');
    Object.defineProperty(app.stdout, 'columns', { value: 60, configurable: true });
    app.stdout.emit('resize');
    const frame = await waitForFrame(app.lastFrame, (f) => f.includes('─'.repeat(60)) && !f.includes('─'.repeat(61)));
    const plain = frame.replace(/\x1b\[[0-9;]*m/g, '');
    for (const line of plain.split('\n')) expect([...line].length).toBeLessThanOrEqual(60);
  });
});

describe('recheck from the home screen (issue 7.2)', () => {
  it('d rechecks the sealed-green phases and says which no longer hold, without leaving home', async () => {
    const phases = ['M0', 'M1'].map((id) => phase(id, [{ id: 's', checks: ['c'] }]));
    const green = (p: (typeof phases)[number], seq: number): PhaseStatus => ({
      phase: p,
      state: 'green',
      waitingFor: [],
      notGreenAncestors: [],
      tamper: [],
      last: { path: '/v', seq, overall_pass: true, blockers: [] },
    });
    const port = fakePort(phases, {}, [green(phases[0]!, 1), green(phases[1]!, 2)]);
    port.recheckOutcome = {
      phases: [
        { phase: 'M0', verdict: 'ev/m0/v.json', green: true, blockers: [], changes: [] },
        {
          phase: 'M1',
          verdict: 'ev/m1/v.json',
          green: false,
          blockers: ['M1-B1'],
          changes: [{ label: 'ROLE_IG', from: 'pass', to: 'fail' }],
        },
      ],
      skipped: [],
      drifted: ['M1'],
      record: { seq: 7, ts: '', prev_hash: '', hash: '', kind: 'recheck', substrate: 'sandbox', env: 'dev_min', actor: 'x', data: {} },
    };
    const { app } = start(port);
    const home = await ready(app, '› M0');
    expect(home).toMatch(/d recheck/);
    const frame = await press(app, 'd', 'NO LONGER GREEN');
    expect(frame).toContain('recheck: 1 of 2 sealed-green phase(s) NO LONGER GREEN (logbook record 7');
    expect(frame).toContain('✘ M1: M1-B1 — ROLE_IG: PASS → FAIL');
    expect(frame).toContain('› M0'); // still on the home screen
    expect(port.rechecks).toBe(1);
    expect(port.runs).toHaveLength(0); // nothing opened, nothing sealed
  });
});
