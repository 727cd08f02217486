import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../src/core/hash.js';
import { writeMaced } from '../../../src/core/maced-file.js';
import { loadScenario } from '../../../src/substrate/sandbox/state/scenario.js';
import { parseState, writeState, type SandboxState } from '../../../src/substrate/sandbox/state/state.js';
import { StateReader } from '../../../src/substrate/sandbox/state/state-reader.js';
import { checkedState, readCheckedState, vouchFileOf } from '../../../src/substrate/sandbox/state/state-vouch.js';
import { copyProgram, SHOP } from '../../fixtures/programs.js';
import { tempKeyHome } from '../../support/key-home.js';
import { tempRoot } from './helpers.js';

// A state gatewalk wrote is read without its schema (src/substrate/sandbox/state/state-vouch.ts):
// that must answer exactly what the schema answers, and any text gatewalk did not write (edited,
// planted, vouched for by a note nobody on this machine made) must still meet the schema.

const keyHome = tempKeyHome();

const ON = { enabled: true };

const SCENARIOS = [
  { name: 'dev_min', scenario: async () => path.join(await tempRoot(), 'sandbox', 'dev_min', 'scenario.yaml') },
  { name: SHOP.name, scenario: async () => path.join(await copyProgram(SHOP), 'sandbox', SHOP.env, 'scenario.yaml') },
];

/** The scenario's state written the way a sandbox workspace gets it, in a fresh folder. */
async function written(scenarioFile: string): Promise<{ file: string; state: SandboxState }> {
  const { state } = await loadScenario(scenarioFile);
  const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'gw-state-')), 'state.json');
  await writeState(file, state, ON);
  return { file, state };
}

/** A text that is JSON but not a sandbox state: its account is not twelve digits. */
const breakAccount = (text: string) => text.replace(/"account_id": "\d{12}"/, '"account_id": "12345"');

describe.each(SCENARIOS)('a vouched state ($name)', (c) => {
  it('reads exactly as the schema parses it, from the file and through the emulator reader', async () => {
    const { file } = await written(await c.scenario());
    const text = await readFile(file, 'utf8');
    const schema = parseState(text, file);
    expect(await checkedState(text, file, ON)).toEqual(schema);
    expect(await readCheckedState(file, ON)).toEqual(schema);
    // the schema's answer is a fixed point: parsing it again changes nothing, defaults and transforms included
    expect(parseState(JSON.stringify(schema), file)).toEqual(schema);
    expect(JSON.parse(await readFile(vouchFileOf(file), 'utf8'))).toMatchObject({ body: JSON.stringify({ sha256: sha256Hex(text) }) });
  });

  it('a text edited after it was written is validated, note or not', async () => {
    const { file } = await written(await c.scenario());
    await writeFile(file, breakAccount(await readFile(file, 'utf8')));
    await expect(readCheckedState(file, ON)).rejects.toThrow(/not a valid sandbox state[\s\S]*account_id/);
  });

  it('a note gatewalk did not sign, or signed under another key, vouches for nothing', async () => {
    const { file } = await written(await c.scenario());
    const bad = breakAccount(await readFile(file, 'utf8'));
    await writeFile(file, bad);
    const body = JSON.stringify({ sha256: sha256Hex(bad) });
    // planted: the right digest, no valid MAC
    await writeFile(vouchFileOf(file), JSON.stringify({ mac: '0'.repeat(64), body }));
    await expect(readCheckedState(file, ON)).rejects.toThrow(/not a valid sandbox state/);
    // signed on another machine (another per-user key)
    process.env.XDG_CACHE_HOME = await mkdtemp(path.join(os.tmpdir(), 'gw-otherkey-'));
    await writeMaced(vouchFileOf(file), body);
    process.env.XDG_CACHE_HOME = keyHome();
    await expect(readCheckedState(file, ON)).rejects.toThrow(/not a valid sandbox state/);
  });

  it('a note is believed only for its own digest, and not at all with caches off', async () => {
    const { file } = await written(await c.scenario());
    const bad = breakAccount(await readFile(file, 'utf8'));
    await writeFile(file, bad);
    // A note this machine signed for this very text (as only writeState would): the schema is skipped.
    await writeMaced(vouchFileOf(file), JSON.stringify({ sha256: sha256Hex(bad) }));
    expect((await readCheckedState(file, ON)).account_id).toBe('12345');
    // The same note, caches off (GATEWALK_CACHE=off, or running from sources): validated.
    await expect(readCheckedState(file, { enabled: false })).rejects.toThrow(/not a valid sandbox state/);
    // One byte more, and the note names another text.
    await writeFile(file, bad + ' ');
    await expect(readCheckedState(file, ON)).rejects.toThrow(/not a valid sandbox state/);
  });
});

describe('notes that say nothing', () => {
  it('caches off: writeState leaves no note, and a state without one is read through the schema', async () => {
    const { state } = await loadScenario(await SCENARIOS[1]!.scenario());
    const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'gw-state-')), 'state.json');
    await writeState(file, state, { enabled: false });
    await expect(readFile(vouchFileOf(file), 'utf8')).rejects.toThrow(/ENOENT/);
    const text = await readFile(file, 'utf8');
    expect(await readCheckedState(file, ON)).toEqual(parseState(text, file));
    await writeFile(file, breakAccount(text));
    await expect(readCheckedState(file, ON)).rejects.toThrow(/not a valid sandbox state/);
  });

  it('a note this machine signed that names no digest (not JSON, no sha256) vouches for nothing', async () => {
    const { file } = await written(await SCENARIOS[1]!.scenario());
    await writeFile(file, breakAccount(await readFile(file, 'utf8')));
    for (const body of ['not json', '{}', JSON.stringify({ sha256: null }), 'null']) {
      await writeMaced(vouchFileOf(file), body);
      await expect(readCheckedState(file, ON), body).rejects.toThrow(/not a valid sandbox state/);
    }
  });
});

describe('the emulator reader', () => {
  it('validates a state it has no note for (caches are off when running from sources)', async () => {
    const { file } = await written(await SCENARIOS[1]!.scenario());
    await writeFile(file, breakAccount(await readFile(file, 'utf8')));
    await writeMaced(vouchFileOf(file), JSON.stringify({ sha256: sha256Hex(await readFile(file, 'utf8')) }));
    await expect(new StateReader(file).current()).rejects.toThrow(/not a valid sandbox state/);
  });
});
