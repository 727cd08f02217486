import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/console/App.js';
import { fakePort, phase, result } from './fake-port.js';
import { KEY, press, ready } from './helpers.js';

// Item 10: `/` filters a long list as in k9s, driven by keys (sent back to back as a burst too).

afterEach(() => cleanup());

const phases = ['intake', 'stage-account', 'stage-roles', 'access-review', 'launch'].map((id) => phase(id, [{ id: 'one', checks: ['c'] }]));
const rows = (frame: string) => frame.split('\n').filter((l) => /^[› ] \S/.test(l) && !l.includes('PHASE '));

describe('the / filter', () => {
  it('home: / opens a prompt at the bottom, typing narrows live, enter keeps it, esc clears it', async () => {
    const app = render(<App port={fakePort(phases, {})} theme={{ color: false }} onExit={() => {}} />);
    await ready(app, '› intake');
    let frame = await press(app, '/', '5 of 5');
    expect(frame.split('\n').at(-3)).toMatch(/^\/ ?\s+5 of 5 · enter keeps · esc clears/);
    expect(frame).toContain('enter keep filter');
    // j and k type into the prompt, so its footer offers only the arrows to move (it said ↑↓/jk).
    expect(frame).toMatch(/↑↓ move/);
    expect(frame).not.toContain('↑↓/jk');
    // Every column counts: access-review "waits for stage-roles".
    frame = await press(app, 'STAGE', '3 of 5');
    expect(rows(frame).map((l) => l.slice(2, 16).trim())).toEqual(['stage-account', 'stage-roles', 'access-review']);
    expect(frame).toContain('5 phases, 3 shown');
    // ↓ moves among the matches while the prompt is open; enter keeps the filter and returns the keys.
    await press(app, KEY.down, /› stage-roles/);
    frame = await press(app, KEY.enter, 'filter /STAGE');
    expect(frame).toContain('esc/⌫ clear filter');
    expect(frame).toContain('↑↓/jk'); // the prompt closed: j and k move again
    expect(frame).toMatch(/› stage-roles/); // the selection stays where the prompt left it
    await press(app, 'k', /› stage-account/);
    await press(app, KEY.esc, (f) => !f.includes('filter /'));
    expect(rows(app.lastFrame()!)).toHaveLength(5);
  });

  it('keys in one burst: "/lau⏎" filters and keeps; an empty match says so; a typed bidi override is dropped', async () => {
    const app = render(<App port={fakePort(phases, {})} theme={{ color: false }} onExit={() => {}} />);
    await ready(app, '› intake');
    let frame = await press(app, '/lau\r', 'filter /lau');
    expect(rows(frame)).toHaveLength(1);
    expect(frame).toMatch(/› launch/);
    await press(app, KEY.esc, (f) => !f.includes('filter /'));
    frame = await press(app, '/zz\u202eq', 'No phase matches');
    expect(frame).toContain('No phase matches “zzq” (5 in all) — esc clears the filter');
    expect(frame).toContain('0 of 5');
    await press(app, KEY.esc, (f) => !f.includes('No phase matches') && !f.includes('0 of 5'));
  });

  it('results on the step screen, steps on the phase screen; esc clears before it goes back', async () => {
    const P = phase('launch', [
      { id: 'roles', checks: ['roles-exist'] },
      { id: 'params', checks: ['params-present'] },
    ]);
    const port = fakePort([P], {
      launch: {
        results: {
          roles: [
            [
              result('roles', 'roles-exist', 'WORKER_ROLE', 'fail', 'role is not materialized'),
              result('roles', 'roles-exist', 'CHECKOUT_ROLE', 'pass', 'role exists'),
              result('roles', 'roles-exist', 'API_ROLE', 'pass', 'role exists'),
            ],
          ],
        },
      },
    });
    const app = render(<App port={port} theme={{ color: false }} onExit={() => {}} />);
    await ready(app, '› launch');
    let frame: string;
    await press(app, KEY.enter, 'enter run step');
    frame = await press(app, '/par\r', 'filter /par');
    expect(frame).toMatch(/› 2\. params/);
    expect(frame).not.toContain('1. roles');
    await press(app, KEY.esc, /› 1\. roles/);
    await press(app, KEY.enter, '✘ FAIL');
    await press(app, '/', 'enter keep filter');
    frame = await press(app, 'exists', '2 of 3');
    expect(frame).not.toContain('WORKER_ROLE');
    expect(frame).toContain('2 of 3 results match');
    frame = await press(app, KEY.enter, 'filter /exists');
    expect(frame).toContain('esc/⌫ clear filter');
    frame = await press(app, KEY.esc, 'WORKER_ROLE');
    expect(frame).toContain('esc/⌫ steps');
    await press(app, KEY.esc, 'enter run step');
  });
});
