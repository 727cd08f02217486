import { readFile, rm, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { StateReader } from '../../../src/substrate/sandbox/state/state-reader.js';
import { resetSandbox, sandboxWorkspacePaths } from '../../../src/substrate/sandbox/index.js';
import { ENV, tempRoot } from './helpers.js';

// A pass sends its AWS calls at once; the emulator must not parse (and validate) its state file
// once per request while the first parse is still running (issue 10: the blocked M4.C spent more
// time validating state.json than answering).
describe('the emulator reads its state once per version of the file', () => {
  it('a burst of concurrent reads shares one parse; a changed file is read again; a broken one fails every reader', async () => {
    const root = await tempRoot();
    await resetSandbox(root, ENV);
    const { state: file } = sandboxWorkspacePaths(root, ENV);
    const reader = new StateReader(file);
    const burst = await Promise.all(Array.from({ length: 20 }, () => reader.current()));
    for (const s of burst) expect(s).toBe(burst[0]); // one parse, the same object for all
    expect(await reader.current()).toBe(burst[0]); // and for later calls while the file is unchanged

    const text = await readFile(file, 'utf8');
    const edited = JSON.parse(text) as { region: string };
    await writeFile(file, JSON.stringify({ ...edited, region: 'ap-southeast-2' }, null, 2) + '\n');
    const after = await reader.current();
    expect(after).not.toBe(burst[0]);
    expect(after.region).toBe('ap-southeast-2'); // a new size too, so the change is seen whatever the clock's grain

    await writeFile(file, text.replace('"region"', '"regoin"'));
    const broken = await Promise.allSettled([reader.current(), reader.current()]);
    for (const r of broken) expect(r.status).toBe('rejected');

    // A state that is gone is an error for the call, never the last version read.
    await rm(file);
    await expect(reader.current()).rejects.toThrow(/ENOENT/);
  });
});
