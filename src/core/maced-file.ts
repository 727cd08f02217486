import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { mac, machineKey, macMatches } from './machine-key.js';

// The envelope of every cache gatewalk keeps in a project (the validated program, the logbook
// checkpoint, the list of sealed snapshots already hashed): `{"mac": …, "body": …}`, the body a
// JSON text and the mac its HMAC-SHA256 under the per-user key (machine-key.ts). A body is believed
// only when its MAC verifies: a planted, edited or another machine's file reads as none. Written to
// a temporary file first and renamed over the old one, mode 0600, so a reader never sees half of it.

/** The folder of a project's caches (all of them MACed files): `.gatewalk/cache` under its root, ignored by git. */
export const projectCacheDir = (root: string): string => path.join(root, '.gatewalk', 'cache');

/** The body of the cache file `file` when its MAC verifies; undefined when there is no key, no file, or no match. */
export async function readMaced(file: string): Promise<string | undefined> {
  try {
    // Stryker disable next-line StringLiteral: equivalent, JSON.parse reads a Buffer as its UTF-8 text.
    return bodyOf(await readFile(file, 'utf8'), machineKey(false));
  } catch {
    // missing, unreadable or not JSON: no cache
  }
  return undefined;
}

/** readMaced, for callers that cannot wait. */
export function readMacedSync(file: string): string | undefined {
  try {
    // Stryker disable next-line StringLiteral: equivalent, JSON.parse reads a Buffer as its UTF-8 text.
    return bodyOf(readFileSync(file, 'utf8'), machineKey(false));
  } catch {
    // missing, unreadable or not JSON: no cache
  }
  return undefined;
}

function bodyOf(text: string, secret: Buffer | undefined): string | undefined {
  // Stryker disable next-line ConditionalExpression: equivalent, macMatches throws on no key and the reader's catch answers undefined.
  if (!secret) return undefined;
  const raw = JSON.parse(text) as { mac?: unknown; body?: unknown };
  // Stryker disable next-line ConditionalExpression: equivalent, a body that is not a string throws in the MAC and the reader's catch answers undefined.
  return typeof raw.body === 'string' && macMatches(secret, raw.body, raw.mac) ? raw.body : undefined;
}

/** Writes `body` to `file` with its MAC (the key is made on first use); false when there is no key. A failed write throws. */
export async function writeMaced(file: string, body: string): Promise<boolean> {
  const secret = machineKey(true);
  if (!secret) return false;
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, JSON.stringify({ mac: mac(secret, body), body }), { mode: 0o600 });
    await rename(tmp, file);
  } finally {
    await rm(tmp, { force: true });
  }
  return true;
}

/** writeMaced, for callers that cannot wait. */
export function writeMacedSync(file: string, body: string): boolean {
  const secret = machineKey(true);
  if (!secret) return false;
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    writeFileSync(tmp, JSON.stringify({ mac: mac(secret, body), body }), { mode: 0o600 });
    renameSync(tmp, file);
  } finally {
    rmSync(tmp, { force: true });
  }
  return true;
}
