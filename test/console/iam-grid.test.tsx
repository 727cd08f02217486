import { afterEach, describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/core/types.js';
import { fakePort, phase } from './fake-port.js';
import { KEY, press, resize } from './helpers.js';

// Item 3: an iam.simulate check as a grid, driven by keys. Colour is forced on before Ink loads so
// only the console's own NO_COLOR theme can remove it.
process.env.FORCE_COLOR = '1';
const { render, cleanup } = await import('ink-testing-library');
const { App } = await import('../../src/console/App.js');
afterEach(() => cleanup());

const colourCode = /\x1b\[(3[0-7]|9[0-7])m/;
const ansi = /\x1b\[[0-9;]*m/g;

const plain = (f: string) => f.replace(ansi, '');
/** Every row within 80 columns and 23 rows. */
const expectFits = (f: string) => {
  expect(f.split('\n').length).toBeLessThanOrEqual(23);
  for (const l of f.split('\n')) expect([...l].length).toBeLessThanOrEqual(80);
};
/** The frame without escape codes: colour is forced on in this file. */
const see = (text: string | RegExp) => (f: string) => (typeof text === 'string' ? plain(f).includes(text) : text.test(plain(f)));
const go = async (app: Parameters<typeof press>[0], keys: string, until: string | RegExp) => plain(await press(app, keys, see(until)));

type Cell = { action: string; resource: string; decision: string };
const sim = (label: string, principal: string, expect: string, cells: Cell[]): CheckResult => {
  const allowed = cells.filter((c) => c.decision === 'allowed').length;
  const wrong = cells.filter((c) => (expect === 'denied' ? c.decision === 'allowed' : c.decision !== expect));
  return {
    id: 'secret-read',
    step: 'matrix',
    gate: 'iam.simulate',
    resource: principal,
    status: wrong.length ? 'fail' : 'pass',
    reason: `${label}: ${allowed}/${cells.length} allowed, expected ${expect}`,
    details: { label, expect, allowed_count: allowed, total: cells.length, mismatches: wrong, cells },
    duration_ms: 1,
  };
};
const params = (n: number) => Array.from({ length: n }, (_, i) => `arn:aws:ssm:us-east-1:444455556666:parameter/shop/stage/p${i + 1}`);
const cells = (resources: string[], decide: (i: number) => string) =>
  resources.map((resource, i) => ({ action: 'ssm:GetParameter', resource, decision: decide(i) }));

/** 30 principals × 40 parameters, role-i allowed on parameter i+1 only (expected: denied). */
const thirtyRoles = () =>
  Array.from({ length: 30 }, (_, i) =>
    sim(
      `role-${i}`,
      `arn:aws:iam::1:role/r${i}`,
      'denied',
      cells(params(40), (j) => (j === i ? 'allowed' : 'implicitDeny')),
    ),
  );

function start(results: CheckResult[], color = false) {
  const P = phase('access-review', [{ id: 'matrix', checks: ['secret-read'] }]);
  const port = fakePort([P], { 'access-review': { results: { matrix: [results] } } });
  return render(<App port={port} theme={{ color }} onExit={() => {}} />);
}

describe('the IAM simulation grid', () => {
  it('principals down, resources across: glyph per decision, the cells that differ marked, g opens and esc closes', async () => {
    const r = params(6);
    const app = start([
      sim(
        'checkout',
        'arn:aws:iam::444455556666:role/shop-stage-checkout',
        'allowed',
        cells(r, () => 'allowed'),
      ),
      sim(
        'worker',
        'arn:aws:iam::444455556666:role/shop-stage-worker',
        'implicitDeny',
        cells(r, (i) => (i === 2 ? 'allowed' : i === 5 ? 'explicitDeny' : 'implicitDeny')),
      ),
    ]);
    await go(app, '', '› access-review');
    await go(app, KEY.enter, 'enter run step');
    await go(app, KEY.enter, 'g IAM grid');
    const frame = await go(app, 'g', 'IAM simulation · secret-read — principals × resources');
    expect(frame).toMatch(/checkout\s+( ✔ ){6}\s+✔ PASS\s+6\/6 allowed, expected allowed/);
    expect(frame).toContain(' ○  ○ [✔] ○  ○ [✘]');
    expect(frame).toMatch(/worker\s+.{18}\s+✘ FAIL\s+1\/6 allowed, expected implicitDeny/);
    expect(frame).toContain('  3  parameter/shop/stage/p3');
    expect(frame).toContain('✔ allowed  ○ implicit deny  ✘ explicit deny  [ ] differs from the expectation');
    await go(app, KEY.esc, 'g IAM grid');
  });

  it('scrolls on a small screen: ←→ columns and ↑↓ rows, saying which are shown', async () => {
    const many = thirtyRoles();
    const app = start(many);
    await go(app, '', '› access-review');
    await go(app, KEY.enter, 'enter run step');
    await go(app, KEY.enter, 'g IAM grid');
    let frame = await go(app, 'g', /rows 1–\d+ of 30 \(↑↓\) · columns 1–\d+ of 40 \(←→\)/);
    expect(frame).toMatch(/role-0\s+\[✔\]/);
    expect(frame).not.toContain('role-29');
    frame = await go(app, KEY.right.repeat(3), /columns 4–/);
    expect(frame).toMatch(/role-3\s+\[✔\]/); // column 4 is now the first shown
    frame = await go(app, KEY.down.repeat(40), 'role-29');
    expect(frame).not.toMatch(/role-0\s/);
  });

  it('at 80×24: every row fits, the columns that do not scroll with ←→ and the rows with ↑↓', async () => {
    const many = thirtyRoles();
    const app = start(many);
    resize(app, 80, 24);
    await go(app, '', '› access-review');
    await go(app, KEY.enter, 'enter run step');
    await go(app, KEY.enter, 'g IAM grid');
    let frame = await go(app, 'g', /rows 1–\d+ of 30 \(↑↓\) · columns 1–(\d+) of 40 \(←→\)/);
    expectFits(frame);
    const shown = Number(/columns 1–(\d+) of 40/.exec(frame)![1]);
    expect(shown).toBeGreaterThanOrEqual(6); // the seed's six parameters fit at 80 columns
    expect(shown).toBeLessThan(40);
    frame = await go(app, KEY.right.repeat(40), /columns \d+–40 of 40/);
    expectFits(frame);
    expect(frame).toMatch(/^ +.*\b40$/m); // the last column's number in the header row
    frame = await go(app, KEY.down.repeat(40), /rows \d+–30 of 30/);
    expectFits(frame);
    expect(frame).toContain(' 40  parameter/shop/stage/p40'); // the last column's key is reachable
    frame = await go(app, KEY.left.repeat(12), /columns 27–40 of 40/);
    expect(frame).toMatch(/role-29\s+.*\[✔\]/); // role-29 is allowed on column 30
  });

  it('NO_COLOR: no colour codes, glyphs and brackets carry it; with colour the cells are coloured', async () => {
    const r = params(2);
    const results = [
      sim(
        'worker',
        'arn:aws:iam::1:role/w',
        'implicitDeny',
        cells(r, (i) => (i ? 'allowed' : 'implicitDeny')),
      ),
    ];
    for (const color of [false, true]) {
      const app = start(results, color);
      await go(app, '', '› access-review');
      await go(app, KEY.enter, 'enter run step');
      await go(app, KEY.enter, 'g IAM grid');
      await go(app, 'g', 'IAM simulation');
      const frame = app.lastFrame()!;
      if (color) expect(frame).toMatch(colourCode);
      else expect(frame).not.toMatch(colourCode);
      expect(plain(frame)).toMatch(/worker\s+ ○ \[✔\]/);
      cleanup();
    }
  });
});
