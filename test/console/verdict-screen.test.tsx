import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/console/App.js';
import { fakePort, phase, result, type Script } from './fake-port.js';
import { KEY, press, ready } from './helpers.js';

// The verdict screen, reached by keys: the phase's declared key figures as the headless report
// prints them (issue 9.12), and where the verdict is sealed — a snapshot file, or for a docs-only
// phase (sealed_in: logbook) its logbook record (issue 9.10).

afterEach(() => cleanup());

const P = phase('M2.E', [{ id: 'sim', checks: ['app-reads'] }]);

async function sealBy(keys: Script) {
  const port = fakePort([P], { 'M2.E': keys });
  const app = render(<App port={port} theme={{ color: false }} onExit={() => {}} />);
  await ready(app, '› M2.E');
  await press(app, KEY.enter, 'enter run step');
  await press(app, KEY.enter, 'enter seals the verdict');
  return press(app, KEY.enter, 'verdict sealed');
}

describe('verdict screen', () => {
  it('shows the declared key figures as name=value, as the headless report does', async () => {
    const frame = await sealBy({
      results: { sim: [[result('sim', 'app-reads', 'ROLE_APP', 'pass', 'allowed')]] },
      keyFigures: { 'checks.iam_simulation.app_role_allowed_count': 6, 'checks.iam_simulation.execution_role_allowed_count': 0 },
    });
    expect(frame).toMatch(
      /key figures:\n\s+checks\.iam_simulation\.app_role_allowed_count=6\n\s+checks\.iam_simulation\.execution_role_allowed_count=0\nsnapshot: \/evidence\/m2_e\/stamp\/snap\.json/,
    );
  });

  it('a phase without declared figures shows none', async () => {
    const frame = await sealBy({ results: { sim: [[result('sim', 'app-reads', 'ROLE_APP', 'pass', 'allowed')]] } });
    expect(frame).not.toContain('key figures');
    expect(frame).toContain('snapshot: /evidence/');
  });

  it('a docs-only phase says which logbook record seals it and that no folder was written', async () => {
    const frame = await sealBy({ results: { sim: [[result('sim', 'app-reads', 'ROLE_APP', 'pass', 'allowed')]] }, inLogbook: true });
    expect(frame).toContain('sealed in: logbook record 7 (docs-only: no evidence folder)');
    expect(frame).not.toContain('snapshot:');
  });
});
