import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { systemClock, type Attestation } from '../../src/core/context.js';
import { readLogbookTail } from '../../src/logbook/index.js';
import { runPhase } from '../../src/session/run-phase.js';
import { App } from '../../src/console/App.js';
import { sessionPort } from '../../src/console/ports/session-port.js';
import type { Session } from '../../src/session/session.js';
import type { Verdict } from '../../src/engine/verdict.js';
import { copyProgram, SHOP } from '../fixtures/programs.js';
import { KEY, tempRoot, waitForFrame } from './helpers.js';
import { sandboxSessions } from './sandbox-console.js';

// Issue 7.6: one verdict, whichever face sealed it. The same sandbox state goes through the
// headless runner and through the console driven by keys; the two sealed snapshots must agree on
// every field but the run's own stamps (times, logbook head, previous verdict, check durations).

const openRoot = sandboxSessions();

async function headless(s: Session, phaseId: string, attestations: Record<string, Attestation> = {}): Promise<Verdict> {
  const out = await runPhase(s, phaseId, {
    attestations: new Map(Object.entries(attestations)),
    reporter: () => {},
    signal: new AbortController().signal,
    clock: systemClock,
  });
  if (out.kind !== 'sealed') throw new Error(`${phaseId}: ${out.kind}`);
  return out.verdict;
}

/** The console on the same session: select the phase on home, then `drive` it with keys until a verdict is sealed. */
async function viaConsole(
  s: Session,
  phases: readonly string[],
  phaseId: string,
  drive: (press: Press) => Promise<void>,
): Promise<Verdict> {
  const app = render(<App port={sessionPort(s)} theme={{ color: false }} onExit={() => {}} />);
  const press: Press = (keys, until) => {
    app.stdin.write(keys);
    return waitForFrame(app.lastFrame, (f) => (typeof until === 'string' ? f.includes(until) : until.test(f)), 30_000);
  };
  await press('', phases.at(-1)!);
  const row = new RegExp(`› ${phaseId.replace('.', '\\.')}(?![\\w.-])`);
  await press('k'.repeat(phases.length) + 'j'.repeat(phases.indexOf(phaseId)), row);
  await press(KEY.enter, 'enter run step');
  await drive(press);
  await waitForFrame(app.lastFrame, (f) => f.includes('verdict sealed'), 30_000);
  const last = (await readLogbookTail(s.workspace.logbookPath, 5)).filter((r) => r.kind === 'verdict.sealed').at(-1)!;
  const file = path.join(s.program.root, String((last.data as { path: string }).path));
  return JSON.parse(await readFile(file, 'utf8')) as Verdict;
}
type Press = (keys: string, until: string | RegExp) => Promise<string>;

/** Everything but the run's own stamps: when, after which record, after which verdict, how long each call took. */
function comparable(v: Verdict) {
  const { started_at: _s, finished_at: _f, logbook_head: _h, previous_verdict: _p, ...rest } = v;
  return { ...rest, checks: v.checks.map(({ duration_ms: _d, ...c }) => c) };
}

function expectSameVerdict(consoleV: Verdict, headlessV: Verdict) {
  const c = comparable(consoleV);
  const h = comparable(headlessV);
  expect(Object.keys(c).sort()).toEqual(Object.keys(h).sort());
  for (const key of Object.keys(h) as Array<keyof typeof h>) expect(c[key], `verdict field ${key}`).toEqual(h[key]);
}

const M0_ATTESTED = {
  'authority-lock': { status: 'pass' as const, note: 'pinned' },
  governance: { status: 'pass' as const, note: 'owner' },
};
const SHIPPED = ['M0', 'M1', 'M2.E', 'M2', 'M3', 'M4.C', 'M4', 'P12'];

describe('the console and the headless runner seal the same verdict (issue 7.6)', () => {
  it('the shipped M4.C incident: a red step goes on, and s seals what every check found', async () => {
    const s = await openRoot(await tempRoot(), 'dev_min');
    for (const id of ['M0', 'M1', 'M2.E', 'M2', 'M3'])
      expect((await headless(s, id, id === 'M0' ? M0_ATTESTED : {})).overall_pass, id).toBe(true);
    const byHeadless = await headless(s, 'M4.C');
    expect(byHeadless.overall_pass).toBe(false);

    const byConsole = await viaConsole(s, SHIPPED, 'M4.C', async (press) => {
      await press(KEY.enter, /step 1\/4[\s\S]*step green/);
      const red = await press(KEY.enter, /step 2\/4[\s\S]*step not green/);
      expect(red).toContain('enter next step (phase stays BLOCKED)');
      // enter on the red step goes on to step 3 and says plainly that the phase stays blocked.
      const next = await press(KEY.enter, /step 3\/4[\s\S]*(step green|step not green)/);
      expect(next).toContain('step 2 (roles-materialized) failed — phase stays BLOCKED; continuing to step 3');
      // s seals now: step 4 was never opened, and the engine runs it before the verdict is written.
      await press('s', 'verdict sealed');
    });
    expect(JSON.stringify(byConsole.blockers)).not.toContain('check was not run');
    expectSameVerdict(byConsole, byHeadless);
  });

  it('a blocked phase of a second program (shop_stage, us-east-1): sealed from its first, red step', async () => {
    const s = await openRoot(await copyProgram(SHOP), SHOP.env);
    const failed = { notes: { status: 'fail' as const, note: 'release notes not reviewed yet' } };
    const byHeadless = await headless(s, 'release', failed);
    expect(byHeadless.overall_pass).toBe(false);

    const byConsole = await viaConsole(s, SHOP.phases, 'release', async (press) => {
      await press(KEY.enter, 'Attest release · notes');
      await press(KEY.down, 'FAIL'); // the pass/fail menu: ↓ picks fail (keys reach the screen in order)
      await press(failed.notes.note, failed.notes.note);
      await press(KEY.enter, /step 1\/2[\s\S]*step not green/);
      await press('s', 'verdict sealed'); // the manifest step is never opened: the seal runs it
    });
    expectSameVerdict(byConsole, byHeadless);
    expect([...new Set(byConsole.checks.map((c) => c.id))]).toEqual(['notes-signed', 'manifest-tag']);
  });

  it('a green phase of the second program, walked step by step', async () => {
    const s = await openRoot(await copyProgram(SHOP), SHOP.env);
    expect((await headless(s, 'release', { notes: { status: 'pass', note: 'signed' } })).overall_pass).toBe(true);
    const byHeadless = await headless(s, 'stage-account');
    expect(byHeadless.overall_pass).toBe(true);

    const byConsole = await viaConsole(s, SHOP.phases, 'stage-account', async (press) => {
      await press(KEY.enter, /step 1\/2[\s\S]*step green/);
      await press(KEY.enter, /step 2\/2[\s\S]*enter seals the verdict/);
      await press(KEY.enter, 'verdict sealed');
    });
    expectSameVerdict(byConsole, byHeadless);
  });
});
