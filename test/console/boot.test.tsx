import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { GatewalkError } from '../../src/core/errors.js';
import { Boot } from '../../src/console/Boot.js';
import type { ConsolePort } from '../../src/console/ports/engine-port.js';
import { fakePort, phase } from './fake-port.js';
import { ready, waitForFrame } from './helpers.js';

afterEach(() => cleanup());

const options = { root: '/r', env: 'dev_min', substrate: 'sandbox' as const };

describe('first frame', () => {
  it('draws the header at once, then the home screen when the session is open', async () => {
    let resolve!: (p: ConsolePort) => void;
    const opening = new Promise<ConsolePort>((r) => (resolve = r));
    const app = render(<Boot options={options} opening={opening} theme={{ color: false }} onExit={() => {}} onFail={() => {}} />);
    const frame = await ready(app, 'starting the sandbox emulator');
    expect(frame).toContain(' SANDBOX ');
    expect(frame).toContain('env dev_min');
    resolve(fakePort([phase('M0', [{ id: 's', checks: ['c'] }])], {}));
    await ready(app, '› M0');
  });

  it('hands a failure to open the session back to the CLI (which reports it with its exit code)', async () => {
    const failed: unknown[] = [];
    const err = new GatewalkError('1 problem in registry/runbook', 'fix it');
    const app = render(
      <Boot options={options} opening={Promise.reject(err)} theme={{ color: false }} onExit={() => {}} onFail={(e) => failed.push(e)} />,
    );
    await waitForFrame(
      () => String(failed.length),
      (f) => f === '1',
    );
    expect(failed[0]).toBe(err);
    app.unmount();
  });
});
