import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/console/App.js';
import { phaseHistory } from '../../src/engine/history.js';
import { timelineItems } from '../../src/engine/history-text.js';
import { fakePort, phase } from './fake-port.js';
import { KEY, press, ready } from './helpers.js';

afterEach(() => cleanup());

const P = phase('launch', [{ id: 'roles', checks: ['roles-exist'] }]);
const rec = (seq: number, kind: string, data: Record<string, unknown>) => ({
  seq,
  ts: `2026-11-30T10:00:0${seq}Z`,
  kind,
  data: { phase: 'launch', ...data },
});

describe('the phase history screen', () => {
  it('h on the phase screen shows the arc and each event; moving selects an event and shows its details; esc returns', async () => {
    const port = fakePort([P], {});
    port.historyItems = timelineItems(
      await phaseHistory(
        [
          rec(1, 'verdict.sealed', { overall_pass: false, blockers: ['L-B4'], path: '' }),
          rec(2, 'conflict.stop', { conflicts: [{ handle: 'WORKER_ROLE' }, { handle: 'API_ROLE' }] }),
          rec(3, 'repin', { handle: 'WORKER_ROLE', from: 'PENDING', to: 'arn:w', source: 'terraform:app.w', reason: 'roles made' }),
          rec(4, 'repin', { handle: 'API_ROLE', from: 'PENDING', to: 'arn:a', source: 'terraform:app.a', reason: 'roles made' }),
          rec(5, 'verdict.sealed', { overall_pass: true, blockers: [], path: '' }),
        ],
        'launch',
        async () => undefined,
      ),
    );
    const app = render(<App port={port} theme={{ color: false }} onExit={() => {}} />);
    await ready(app, '› launch');
    await press(app, KEY.enter, 'h phase history');
    let frame = await press(app, 'h', '2 repins → PASS');
    expect(frame).toContain('History of launch');
    expect(frame).toContain('FAIL [L-B4] → STOP 2 conflicts → 2 repins → PASS');
    frame = await press(app, 'k', '"roles made" (source terraform:app)');
    expect(frame).toContain('WORKER_ROLE: PENDING → arn:w');
    await press(app, KEY.esc, 'h phase history');
  });
});
