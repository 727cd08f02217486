import { describe, expect, it } from 'vitest';
import { fakePort, phase } from './fake-port.js';
import { ready } from './helpers.js';

// Colour support is decided when chalk loads, so force it before Ink is imported: then the only
// thing that can remove colour is the console's own NO_COLOR theme.
process.env.FORCE_COLOR = '1';
const { render, cleanup } = await import('ink-testing-library');
const { App } = await import('../../src/console/App.js');
const { themeFromEnv } = await import('../../src/console/theme/theme.js');

const P = phase('P1', [{ id: 'roles', checks: ['roles-exist'] }]);
const colourCode = /\x1b\[(3[0-7]|9[0-7])m/;

describe('NO_COLOR', () => {
  it('emits no colour codes when set; the glyph and the word carry the status', async () => {
    const plain = render(<App port={fakePort([P], {})} theme={themeFromEnv({ NO_COLOR: '1' })} onExit={() => {}} />);
    expect(await ready(plain, '▶ READY')).not.toMatch(colourCode);
    cleanup();
    const colored = render(<App port={fakePort([P], {})} theme={themeFromEnv({})} onExit={() => {}} />);
    expect(await ready(colored, 'READY')).toMatch(colourCode);
    cleanup();
  });
});
