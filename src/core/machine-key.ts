import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BUILD_ID } from './build-info.js';

// The per-user key that MACs what gatewalk caches in a project (the validated program, the logbook
// checkpoint). It lives in the user's cache folder, outside any project, so a cache file planted
// in a repository or a workspace does not verify: it is a miss, never trusted.

/** Caches are off with GATEWALK_CACHE=off, and always when running from sources. */
export function cacheEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return BUILD_ID !== undefined && env.GATEWALK_CACHE !== 'off';
}

/** The per-user MAC key (created on first write when `create`), outside any project so a repository cannot carry it. */
export function machineKey(create: boolean): Buffer | undefined {
  const dir = path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'gatewalk');
  const file = path.join(dir, 'program-cache.key'); // the name it had when only the program cache used it
  try {
    const k = readFileSync(file);
    return k.length === 32 ? k : undefined;
  } catch {
    if (!create) return undefined;
  }
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(file, randomBytes(32), { flag: 'wx', mode: 0o600 });
  } catch {
    /* another process made it first, or the folder is read-only */
  }
  try {
    const k = readFileSync(file);
    return k.length === 32 ? k : undefined;
  } catch {
    return undefined;
  }
}

export function mac(secret: Buffer, body: string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

export function macMatches(secret: Buffer, body: string, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const want = Buffer.from(mac(secret, body), 'hex');
  const got = Buffer.from(given, 'hex');
  return got.length === want.length && timingSafeEqual(got, want);
}
