import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GatewalkError } from '../core/errors.js';

// Files gatewalk ships next to its code (schemas/, the example program): found from this module's
// own location, which is dist/ in the installed package and src/cli/ when run from sources.

let cached: string | undefined;

/** The folder of the gatewalk package this code runs from (the nearest package.json named gatewalk). */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file) && (JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name === 'gatewalk') return (cached = dir);
    const up = path.dirname(dir);
    if (up === dir)
      throw new GatewalkError('cannot find the gatewalk package folder (package.json) above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
}

/**
 * How a YAML file in `root` should reference the package's schemas: through the installed package
 * when it lives inside `root` (node_modules/gatewalk), otherwise through copies in `root/schemas/`
 * (a path outside the repository would not resolve on anyone else's machine).
 */
export function schemaLocation(root: string): { dir: string; copy: boolean } {
  const shipped = path.join(packageRoot(), 'schemas');
  const rel = path.relative(root, shipped);
  const inside = rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) && rel.split(path.sep)[0] === 'node_modules';
  return inside ? { dir: shipped, copy: false } : { dir: path.join(root, 'schemas'), copy: true };
}

/** `$schema` value for `schemaFile`, written in a file inside `root/fromDir`. */
export function schemaRefFor(root: string, schemaDir: string, schemaFile: string, fromDir: string): string {
  return path.relative(path.join(root, fromDir), path.join(schemaDir, schemaFile)).split(path.sep).join('/');
}
