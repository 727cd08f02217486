import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/console/App.js';
import { fakePort, phase, result } from './fake-port.js';
import { KEY, press, ready } from './helpers.js';

afterEach(() => cleanup());

describe('blocker codes on result rows', () => {
  it('a failing row shows the code its check raises, and the detail says so; a passing row shows none', async () => {
    const P = phase('launch', [{ id: 'roles', checks: ['roles-exist', 'caller'] }]);
    P.steps[0]!.checks[0]!.blocker = 'L-B4';
    const port = fakePort([P], {
      launch: {
        results: {
          roles: [
            [
              result('roles', 'roles-exist', 'WORKER_ROLE', 'fail', 'role is not materialized'),
              result('roles', 'caller', 'me', 'pass', 'account ok'),
            ],
          ],
        },
      },
    });
    const app = render(<App port={port} theme={{ color: false }} onExit={() => {}} />);
    await ready(app, '› launch');
    await press(app, KEY.enter, 'enter run step');
    const frame = await press(app, KEY.enter, '✘ FAIL');
    expect(frame).toMatch(/✘ FAIL\s+roles-exist\s+WORKER_ROLE\s+L-B4 role is not materialized/);
    expect(frame).toMatch(/✔ PASS\s+caller\s+me\s+account ok/);
    expect(frame).toContain('WORKER_ROLE: role is not materialized — raises L-B4');
  });
});
