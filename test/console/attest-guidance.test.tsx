import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/console/App.js';
import { fakePort, phase } from './fake-port.js';
import { KEY, press, ready } from './helpers.js';

afterEach(() => cleanup());

describe('attestation-only steps', () => {
  it("show the step's guidance and a placeholder of their own (two steps never share one)", async () => {
    const P = phase('kickoff', [
      { id: 'charter', checks: [], attest: true },
      { id: 'owners', checks: [], attest: true },
    ]);
    P.steps[0]!.guidance = 'Open docs/charter.md and\ncompare its owners table with the registry.';
    const port = fakePort([P], { kickoff: { results: {} } });
    const app = render(<App port={port} theme={{ color: false }} onExit={() => {}} />);
    await ready(app, '› kickoff');
    await press(app, KEY.enter, 'enter run step');
    let frame = await press(app, KEY.enter, 'Attest kickoff · charter');
    expect(frame).toContain('Open docs/charter.md and compare its owners table with the registry.');
    expect(frame).toContain('e.g. what you checked for “charter title”, and where');
    frame = await press(app, 'checked the owners table', 'checked the owners table');
    expect(frame).not.toContain('“owners title”');
  });
});
