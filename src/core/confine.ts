import { constants } from 'node:fs';
import { lstat, realpath } from 'node:fs/promises';
import path from 'node:path';
import { GatewalkError } from './errors.js';
import type { Workspace } from './workspace.js';

// Every path gatewalk reads or writes resolves inside the program root. Inputs (registry,
// overlays, runbook, Terraform outputs) may be symbolic links as long as they lead back inside the
// root; the trees gatewalk writes (evidence, logbook, impl_actual) refuse links altogether, so a
// planted link can neither feed a check nor receive a seal.

/** Why a root-relative path from a file is not one (absolute, `..`, NUL), or undefined when it is. */
export function relativePathProblem(p: string): string | undefined {
  if (p.includes('\0')) return 'path contains a NUL byte';
  if (path.isAbsolute(p) || path.win32.isAbsolute(p)) return `"${p}" is absolute; paths are relative to the project root`;
  if (p.split(/[\\/]/).includes('..')) return `"${p}" contains ".."; paths may not leave the project root`;
  return undefined;
}

/** True when `p` is `dir` or below it (both absolute, normalized). */
export function isInside(dir: string, p: string): boolean {
  const rel = path.relative(dir, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** `rel` resolved under `root`; a value that leaves the root is refused before anything is touched. */
export function resolveInside(root: string, rel: string, what: string): string {
  const problem = relativePathProblem(rel);
  if (problem) throw new GatewalkError(`${what}: ${problem}`, 'use a path relative to the project root, inside it');
  return path.resolve(root, rel);
}

/** realpath of the deepest existing ancestor, with the missing rest appended. */
async function realPathOfExisting(p: string): Promise<string> {
  const missing: string[] = [];
  let at = path.resolve(p);
  for (;;) {
    try {
      return path.join(await realpath(at), ...missing.reverse());
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw err;
      const parent = path.dirname(at);
      if (parent === at) throw err;
      missing.push(path.basename(at));
      at = parent;
    }
  }
}

/** `p` after following every link (as far as it exists) must still be inside `root`. */
export async function assertResolvesInside(root: string, p: string, what: string): Promise<void> {
  const [realRoot, real] = await Promise.all([realpath(root), realPathOfExisting(p)]);
  if (!isInside(realRoot, real)) {
    throw new GatewalkError(
      `${what} ${p} resolves to ${real}, outside the project root ${realRoot}`,
      'remove the link, or keep the file inside the project root',
    );
  }
}

/** No existing component of `p` from `base` (inclusive) down is a symbolic link. */
/** The refusal of a symbolic link found where gatewalk keeps evidence and records. */
export function linkRefused(what: string, at: string): GatewalkError {
  return new GatewalkError(
    `${what}: ${at} is a symbolic link; gatewalk does not follow links where it keeps evidence and records`,
    'replace the link with the real folder or file',
  );
}

export async function assertNoLinks(base: string, p: string, what: string): Promise<void> {
  const rel = path.relative(base, p);
  if (rel.startsWith('..') || path.isAbsolute(rel)) throw new GatewalkError(`${what} ${p} is outside ${base}`);
  let at = base;
  for (const seg of ['', ...rel.split(path.sep).filter(Boolean)]) {
    at = seg ? path.join(at, seg) : at;
    let isLink: boolean;
    try {
      isLink = (await lstat(at)).isSymbolicLink();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return; // nothing below exists yet
      throw err;
    }
    if (isLink) throw linkRefused(what, at);
  }
}

/** open(2) flags of 'a+' that also refuse a symbolic link as the file itself (ELOOP). */
export const APPEND_NO_LINK = constants.O_RDWR | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW;

/**
 * Every path of a workspace, after following links, is inside the root; the evidence root, the
 * logbook and impl_actual are not links themselves (what gatewalk writes never follows one).
 */
export async function confineWorkspace(ws: Workspace): Promise<void> {
  const written: Array<[string, string]> = [
    ['evidence root', ws.evidenceRoot],
    ['logbook', ws.logbookPath],
    ['impl_actual', ws.implActualPath],
  ];
  const read: Array<[string, string]> = [
    ['registry', ws.registryPath],
    ...Object.entries(ws.terraformPaths).map(([s, p]): [string, string] => [`terraform source ${s}`, p]),
  ];
  for (const [what, p] of [...written, ...read]) await assertResolvesInside(ws.root, p, what);
  for (const [what, p] of written) await assertNoLinks(path.dirname(p), p, what);
}
