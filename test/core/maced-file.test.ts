import { existsSync, statSync } from 'node:fs';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readMaced, readMacedSync, writeMaced, writeMacedSync } from '../../src/core/maced-file.js';
import { makeTmp, removeTmp } from '../support/tmp.js';

// The envelope of the project caches (src/core/maced-file.ts): a body is believed only when its MAC
// verifies under this user's key. The callers' own tests plant, edit and forge their files
// (test/load/program-cache.test.ts, test/logbook/checkpoint.test.ts, test/evidence/sealed-hashes.test.ts).

let dir: string;
let saved: string | undefined;
beforeEach(async () => {
  dir = await makeTmp();
  saved = process.env.XDG_CACHE_HOME;
  process.env.XDG_CACHE_HOME = path.join(dir, 'cache-home'); // this test's own key
});
afterEach(async () => {
  if (saved === undefined) delete process.env.XDG_CACHE_HOME;
  else process.env.XDG_CACHE_HOME = saved;
  await removeTmp(dir);
});

describe('MACed cache files', () => {
  it('reads back what it wrote, sync or not, mode 0600, and nothing for a missing file', async () => {
    const file = path.join(dir, 'project', '.gatewalk', 'cache', 'x.json');
    expect(await readMaced(file)).toBeUndefined();
    expect(readMacedSync(file)).toBeUndefined();
    expect(await writeMaced(file, '{"a":1}')).toBe(true);
    expect(await readMaced(file)).toBe('{"a":1}');
    expect(readMacedSync(file)).toBe('{"a":1}');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(writeMacedSync(file, '{"a":2}')).toBe(true);
    expect(await readMaced(file)).toBe('{"a":2}');
  });

  it('believes no edited body, no other MAC, no other key, no body that is not a string, no key at all', async () => {
    const file = path.join(dir, 'x.json');
    await writeMaced(file, '{"a":1}');
    const raw = JSON.parse(await readFile(file, 'utf8')) as { mac: string; body: string };
    const variants = [
      { mac: raw.mac, body: '{"a":2}' },
      { mac: raw.mac.replace(/^./, (c) => (c === '0' ? '1' : '0')), body: raw.body },
      { mac: raw.mac, body: { a: 1 } },
      { body: raw.body },
    ];
    for (const v of variants) {
      await writeFile(file, JSON.stringify(v));
      expect(await readMaced(file), JSON.stringify(v)).toBeUndefined();
      expect(readMacedSync(file)).toBeUndefined();
    }
    await writeFile(file, JSON.stringify(raw));
    expect(await readMaced(file)).toBe('{"a":1}');
    process.env.XDG_CACHE_HOME = path.join(dir, 'other-home'); // another user's key: none yet, and reading makes none
    expect(await readMaced(file)).toBeUndefined();
    expect(readMacedSync(file)).toBeUndefined();
    expect(existsSync(path.join(dir, 'other-home'))).toBe(false);
    await writeMaced(path.join(dir, 'y.json'), '{}'); // now it has one, and it is not the first
    expect(await readMaced(file)).toBeUndefined();
    await writeFile(file, 'not json');
    expect(await readMaced(file)).toBeUndefined();
  });

  it('the synchronous writer makes the key on first use and writes mode 0600', () => {
    const file = path.join(dir, 'sync', 'x.json');
    expect(writeMacedSync(file, '{"s":1}')).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readMacedSync(file)).toBe('{"s":1}');
  });

  it('writes nothing and says so when no key can be made (the cache folder cannot be created)', async () => {
    await writeFile(path.join(dir, 'not-a-folder'), '');
    process.env.XDG_CACHE_HOME = path.join(dir, 'not-a-folder');
    const file = path.join(dir, 'x.json');
    expect(await writeMaced(file, '{}')).toBe(false);
    expect(writeMacedSync(file, '{}')).toBe(false);
    expect(existsSync(file)).toBe(false);
  });

  it('a write that cannot land (a folder in the way) throws and leaves no temporary file behind', async () => {
    const file = path.join(dir, 'taken');
    await mkdir(path.join(file, 'inside'), { recursive: true });
    await expect(writeMaced(file, '{}')).rejects.toThrow();
    expect(() => writeMacedSync(file, '{}')).toThrow();
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
