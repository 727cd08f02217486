import { lstatSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rename, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/core/hash.js';
import { mac, machineKey } from '../../src/core/machine-key.js';
import { SealedHashes } from '../../src/evidence/sealed-hashes.js';
import { makeTmp, removeTmp } from '../support/tmp.js';

// The list of sealed snapshots already hashed (src/evidence/sealed-hashes.ts) may spare a read only
// while the file is provably the one that hashed: any edit (even one that keeps the size and puts
// the mtime back), a replacement, a forged or foreign list, or a hash taken too soon after the file
// changed means the bytes are read and hashed again.

let tmp: string;
let keyHome: string | undefined;
beforeAll(async () => {
  tmp = await makeTmp();
  keyHome = process.env.XDG_CACHE_HOME;
  process.env.XDG_CACHE_HOME = path.join(tmp, 'user-cache'); // the per-user MAC key, outside the project
});
afterAll(async () => {
  if (keyHome === undefined) delete process.env.XDG_CACHE_HOME;
  else process.env.XDG_CACHE_HOME = keyHome;
  await removeTmp(tmp);
});

const later = () => BigInt(Date.now() + 60_000) * 1_000_000n; // long after any file here changed
let root: string;
let cacheDir: string;
let evidence: string;
let file: string;
let sha: string;
const TEXT = '{"overall_pass": false, "blockers": ["GW-X"]}\n';

beforeEach(async () => {
  root = path.join(tmp, Math.random().toString(36).slice(2));
  cacheDir = path.join(root, '.gatewalk', 'cache');
  evidence = path.join(root, 'evidence');
  file = path.join(evidence, 'm1', '20260101T000000Z', 'snapshot.json');
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, TEXT);
  sha = sha256Hex(Buffer.from(TEXT));
});

const open = (o: { enabled?: boolean; now?: () => bigint } = {}) =>
  SealedHashes.open(cacheDir, evidence, { enabled: true, now: later, ...o });

/** Checks once (hashing the file) and saves, as a ledger read does. */
async function remember(o?: { now?: () => bigint }) {
  const h = await open(o);
  expect(Buffer.isBuffer(await h.check(file, sha, false))).toBe(true);
  await h.save();
}

describe('SealedHashes', () => {
  it('vouches for a file that hashed right and has not changed since, without reading it; the latest is always read', async () => {
    await remember();
    const h = await open();
    expect(await h.check(file, sha, false)).toBe('vouched');
    expect(Buffer.isBuffer(await h.check(file, sha, true))).toBe(true);
    // …only for the SHA-256 it hashed to
    expect(await h.check(file, sha256Hex('other'), false)).toBe('edited');
  });

  // The ledger lists a phase folder (one lstat per snapshot, a link refused) and hands that identity
  // to the check of the record naming the file: one system call per verdict, not two.
  it('takes the identity its folder listing saw: vouched while it is the remembered one, read and found edited once it is not', async () => {
    await remember();
    const listed = lstatSync(file, { bigint: true });
    expect(await (await open()).check(file, sha, false, listed)).toBe('vouched');
    const before = await stat(file);
    await writeFile(file, TEXT.replace('GW-X', 'GW-Y')); // same size
    await utimes(file, before.atime, before.mtime);
    expect(await (await open()).check(file, sha, false, lstatSync(file, { bigint: true }))).toBe('edited');
    // The listing's look is the check's look: no second stat (a listing from before the edit still vouches).
    expect(await (await open()).check(file, sha, false, listed)).toBe('vouched');
  });

  it('an edit that keeps the size and puts the mtime back is read and found edited', async () => {
    await utimes(file, 1e9, 1e9); // whole seconds: put back exactly, to the nanosecond
    await remember();
    const before = await stat(file, { bigint: true });
    await writeFile(file, TEXT.replace('false', 'fals3'));
    await utimes(file, 1e9, 1e9);
    const after = await stat(file, { bigint: true });
    expect([after.ino, after.size, after.mtimeNs]).toEqual([before.ino, before.size, before.mtimeNs]); // only the ctime tells
    expect(await (await open()).check(file, sha, false)).toBe('edited');
  });

  it('a file replaced by a copy of itself is read again (another inode), then vouched for anew', async () => {
    await remember();
    await copyFile(file, `${file}.copy`);
    await rename(`${file}.copy`, file);
    const h = await open();
    expect(Buffer.isBuffer(await h.check(file, sha, false))).toBe(true);
    await h.save();
    expect(await (await open()).check(file, sha, false)).toBe('vouched');
  });

  it('a missing file is missing, whatever the list says', async () => {
    await remember();
    await rename(file, `${file}.moved`);
    expect(await (await open()).check(file, sha, false)).toBe('missing');
  });

  it('a list edited, with a wrong MAC, of another evidence root, or with no key to check it vouches for nothing', async () => {
    await remember();
    const [name] = await readdir(cacheDir);
    const where = path.join(cacheDir, name!);
    const good = await readFile(where, 'utf8');
    const readsAgain = async () => expect(Buffer.isBuffer(await (await open()).check(file, sha, false))).toBe(true);

    const raw = JSON.parse(good) as { mac: string; body: string };
    await writeFile(where, JSON.stringify({ mac: raw.mac, body: raw.body.replace(sha, sha256Hex('forged')) }));
    await readsAgain();
    await writeFile(where, JSON.stringify({ mac: '0'.repeat(64), body: raw.body }));
    await readsAgain();
    await writeFile(where, '{"mac": ');
    await readsAgain();
    // Signed with the right key, but a list of another format.
    const key = machineKey(false)!;
    const otherFormat = raw.body.replace('gatewalk.sealed-hashes/v1', 'gatewalk.sealed-hashes/v0');
    expect(otherFormat).not.toBe(raw.body);
    await writeFile(where, JSON.stringify({ mac: mac(key, otherFormat), body: otherFormat }));
    await readsAgain();
    await writeFile(where, JSON.stringify({ mac: mac(key, raw.body), body: raw.body })); // the control: the same, re-signed, holds
    expect(await (await open()).check(file, sha, false)).toBe('vouched');

    // Another project's list (its own evidence root inside), planted under this root's name.
    const other = path.join(tmp, 'other-root');
    await mkdir(path.join(other, 'm1'), { recursive: true });
    const foreign = await SealedHashes.open(cacheDir, other, { enabled: true, now: later });
    await writeFile(path.join(other, 'm1', 's.json'), TEXT);
    await foreign.check(path.join(other, 'm1', 's.json'), sha, false);
    await foreign.save();
    const foreignName = (await readdir(cacheDir)).find((n) => n !== name && n.endsWith('.json'))!;
    await copyFile(path.join(cacheDir, foreignName), where);
    await readsAgain();

    await writeFile(where, good);
    const savedHome = process.env.XDG_CACHE_HOME;
    process.env.XDG_CACHE_HOME = path.join(tmp, 'another-user');
    try {
      await readsAgain(); // another user's key: the list does not verify
    } finally {
      process.env.XDG_CACHE_HOME = savedHome;
    }
    expect(await (await open()).check(file, sha, false)).toBe('vouched'); // the good list still works
  });

  it('a file hashed less than 2 s after it changed is not remembered', async () => {
    const changed = (await stat(file, { bigint: true })).ctimeNs;
    await remember({ now: () => changed + 1_000_000_000n });
    expect(Buffer.isBuffer(await (await open()).check(file, sha, false))).toBe(true);
    await remember({ now: () => changed + 2_000_000_000n });
    expect(await (await open()).check(file, sha, false)).toBe('vouched');
  });

  it('with caches off nothing is remembered or written', async () => {
    const h = await open({ enabled: false });
    expect(Buffer.isBuffer(await h.check(file, sha, false))).toBe(true);
    await h.save();
    expect(await readdir(cacheDir).catch(() => [])).toEqual([]);
    expect(Buffer.isBuffer(await (await open({ enabled: false })).check(file, sha, false))).toBe(true);
  });

  it('keeps only the files checked since it opened', async () => {
    const second = path.join(evidence, 'm1', '20260102T000000Z', 'snapshot.json');
    await mkdir(path.dirname(second), { recursive: true });
    await writeFile(second, TEXT);
    const h = await open();
    await h.check(file, sha, false);
    await h.check(second, sha, false);
    await h.save();
    const h2 = await open();
    expect(await h2.check(second, sha, false)).toBe('vouched');
    await h2.save(); // `file` was not checked: dropped
    const h3 = await open();
    expect(await h3.check(second, sha, false)).toBe('vouched');
    expect(Buffer.isBuffer(await h3.check(file, sha, false))).toBe(true);
  });

  it('one list per evidence root in a process: the second read of a run neither reads nor writes it again', async () => {
    const a = await SealedHashes.forProcess(cacheDir, evidence);
    expect(await SealedHashes.forProcess(path.join(cacheDir, '.', ''), path.join(evidence, 'm1', '..'))).toBe(a);
    expect(await SealedHashes.forProcess(cacheDir, path.join(tmp, 'elsewhere'))).not.toBe(a);
  });
});
